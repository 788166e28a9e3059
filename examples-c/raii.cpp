// raii.cpp - the C API from C++17 with RAII: every object the library hands out lives in a
// std::unique_ptr whose deleter is the matching sm_*_free, and every failed call becomes an
// exception carrying the status, HTTP status and provider error code.
//
// Flow: create a secret with auto rotation -> read it back -> list secrets -> execute a
// rotation -> start the job -> generate a random password -> update PENDING -> complete ->
// check the ACTIVE value; then a wrong secret key (expect API code "200"), a job completed
// before it started (expect SM_INVALID_STATE / INVALID_STATUS) and then failed, and disabling
// auto rotation.
// Secret values are never printed.
//
// Environment: SM_ENDPOINT, NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY, SM_TRIGGER_ID (as for
// create_rotate.c). Exit status: 0 on success, 1 on failure.
#include <secretmanager.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace sm {

// A deleter calling one of the library's free functions.
template <auto Free>
struct deleter {
    template <class T>
    void operator()(T *p) const noexcept { Free(p); }
};

template <class T, auto Free>
using handle = std::unique_ptr<T, deleter<Free>>;

using secret = handle<sm_secret, sm_secret_free>;
using secret_list = handle<sm_secret_list, sm_secret_list_free>;
using chain = handle<sm_secret_chain, sm_secret_chain_free>;
using settings = handle<sm_rotation_settings, sm_rotation_settings_free>;
using logs = handle<sm_secret_logs, sm_secret_logs_free>;
using owned_string = handle<char, sm_string_free>;  // zeroed when freed

// A failed call: what sm_error said, copied, with the sm_error freed.
class error : public std::runtime_error {
public:
    error(sm_status status, sm_error *err)
        : std::runtime_error(describe(status, err)),
          status_(status),
          http_status_(err ? sm_error_http_status(err) : 0),
          code_(err ? sm_error_code(err) : ""),
          request_id_(err && sm_error_request_id(err) ? sm_error_request_id(err) : ""),
          retryable_(err && sm_error_retryable(err)) {
        sm_error_free(err);
    }
    sm_status status() const noexcept { return status_; }
    unsigned http_status() const noexcept { return http_status_; }
    const std::string &code() const noexcept { return code_; }
    // The provider's request id ("" when it gave none), for its support.
    const std::string &request_id() const noexcept { return request_id_; }
    // Whether the same request may succeed if sent again later.
    bool retryable() const noexcept { return retryable_; }

private:
    static std::string describe(sm_status status, const sm_error *err) {
        std::string text = sm_status_str(status);
        if (err != nullptr) {
            text += ": ";
            text += sm_error_message(err);
        }
        return text;
    }
    sm_status status_;
    unsigned http_status_;
    std::string code_;
    std::string request_id_;
    bool retryable_;
};

inline void check(sm_status status, sm_error *err) {
    if (status != SM_OK) {
        throw error(status, err);
    }
}

// Calls `f(args..., &out, &err)` and returns `out` in its RAII handle.
template <class Handle, class F, class... Args>
Handle take(F f, Args... args) {
    typename Handle::pointer out = nullptr;
    sm_error *err = nullptr;
    const sm_status status = f(args..., &out, &err);  // before reading `err`
    check(status, err);
    return Handle(out);
}

// Calls `f(args..., &err)` for operations that return nothing.
template <class F, class... Args>
void run(F f, Args... args) {
    sm_error *err = nullptr;
    const sm_status status = f(args..., &err);  // before reading `err`
    check(status, err);
}

// A struct the caller allocates, filled by its sm_*_init: the defaults, and struct_size set
// to the size this program was compiled with. Fails only with a library older than the header.
template <class T>
T init(sm_status (*fill)(T *, size_t)) {
    T value;
    check(fill(&value, sizeof value), nullptr);
    return value;
}

class client {
public:
    explicit client(const sm_client_options &options) : h_(take<handle<sm_client, sm_client_free>>(sm_client_new, &options)) {}
    const sm_client *get() const noexcept { return h_.get(); }

private:
    handle<sm_client, sm_client_free> h_;
};

inline std::string text_or(const char *text, const char *fallback) {
    return text != nullptr ? text : fallback;
}

}  // namespace sm

// A check of a result: a failed one throws, so the program reports it and exits with 1.
static void check(bool condition, const char *what) {
    if (!condition) {
        throw std::runtime_error(std::string("check failed: ") + what);
    }
}

static sm_client_options options_from_env() {
    sm_client_options options = sm::init(sm_client_options_init);
    if (const char *endpoint = std::getenv("SM_ENDPOINT"); endpoint != nullptr && *endpoint != '\0') {
        options.endpoint_preset = SM_ENDPOINT_URL;
        options.endpoint_url = endpoint;
    }
    options.access_key = std::getenv("NCLOUD_ACCESS_KEY");
    options.secret_key = std::getenv("NCLOUD_SECRET_KEY");
    return options;
}

static std::string newest_job_token(const sm::client &c, const std::string &secret_id) {
    const uint32_t page_no = 1, page_size = 20;
    auto page = sm::take<sm::logs>(sm_get_secret_logs, c.get(), secret_id.c_str(), "Execute Rotation Job", &page_no,
                                   &page_size);
    for (size_t i = 0; i < sm_secret_logs_count(page.get()); i++) {
        if (const char *token = sm_secret_log_job_token(page.get(), i); token != nullptr && *token != '\0') {
            return token;
        }
    }
    throw std::runtime_error("no job token in the logs");
}

int main() {
    const char *trigger = std::getenv("SM_TRIGGER_ID");
    if (trigger == nullptr || *trigger == '\0') {
        std::cerr << "SM_TRIGGER_ID is not set\n";
        return 1;
    }
    char name[16];
    std::snprintf(name, sizeof name, "rx%06x",
                  static_cast<unsigned>(std::time(nullptr) ^ (static_cast<unsigned>(getpid()) << 8)) & 0xffffffu);
    try {
        const sm_client_options options = options_from_env();
        sm::client c(options);

        const char *targets[] = {"password"};
        sm_create_secret_request request = sm::init(sm_create_secret_request_init);
        request.secret_name = name;
        request.secret_value = R"({"user":"app","password":"first-Pa55word"})";
        request.rotation_targets = targets;
        request.rotation_targets_count = 1;
        request.auto_rotation = true;
        const uint32_t period_days = 60;
        request.auto_rotation_period_days = &period_days;
        request.trigger_id = trigger;
        auto created = sm::take<sm::secret>(sm_create_secret, c.get(), &request);
        const std::string id = sm_secret_id(created.get());
        std::cout << "raii: created " << sm_secret_name(created.get()) << " auto_rotation="
                  << sm_secret_auto_rotation(created.get()) << " period=" << sm_secret_auto_rotation_period(created.get())
                  << "\n";
        check(std::strcmp(sm_secret_name(created.get()), name) == 0, "the created secret has its name");
        check(sm_secret_auto_rotation(created.get()) == 1, "auto rotation is on");
        check(sm_secret_auto_rotation_period(created.get()) == 60, "the rotation period is the one given");

        auto detail = sm::take<sm::secret>(sm_get_secret_detail, c.get(), id.c_str());
        if (std::strcmp(sm_secret_name(detail.get()), name) != 0) {
            throw std::runtime_error("detail has another name");
        }
        std::cout << "raii: detail status=" << sm::text_or(sm_secret_status(detail.get()), "?") << "\n";
        check(sm::text_or(sm_secret_status(detail.get()), "") == std::string("ENABLE"), "a new secret is enabled");

        auto page = sm::take<sm::secret_list>(sm_list_secrets, c.get(), nullptr);
        std::cout << "raii: listed " << sm_secret_list_count(page.get()) << " of " << sm_secret_list_total_count(page.get())
                  << " secrets\n";
        check(sm_secret_list_count(page.get()) >= 1, "the list holds the new secret");
        check(static_cast<uint64_t>(sm_secret_list_total_count(page.get())) >= sm_secret_list_count(page.get()),
              "the total counts at least the secrets listed");

        // A rotation with a value of our own.
        sm::run(sm_execute_rotation, c.get(), id.c_str());
        const std::string token = newest_job_token(c, id);
        auto started = sm::take<sm::chain>(sm_start_rotation_job, c.get(), id.c_str(), token.c_str());
        sm_random_secret_options random = sm::init(sm_random_secret_options_init);
        random.length = 20;
        random.exclude_characters = "\"\\";
        random.include_space = false;
        auto password = sm::take<sm::owned_string>(sm_generate_random_secret, c.get(), id.c_str(), token.c_str(),
                                                   static_cast<const sm_random_secret_options *>(&random));
        std::cout << "raii: random password of " << std::strlen(password.get()) << " characters (redacted)\n";
        check(std::strlen(password.get()) == 20, "the random password has the length asked for");
        check(std::strpbrk(password.get(), "\"\\ ") == nullptr, "the random password has no excluded character");
        const std::string new_value = std::string(R"({"user":"app","password":")") + password.get() + "\"}";
        sm::run(sm_update_pending_stage, c.get(), id.c_str(), token.c_str(), new_value.c_str());
        sm::run(sm_complete_rotation_job, c.get(), id.c_str(), token.c_str());
        auto value = sm::take<sm::chain>(sm_get_secret_value, c.get(), id.c_str());
        if (sm::text_or(sm_secret_chain_active(value.get()), "") != new_value) {
            throw std::runtime_error("ACTIVE is not the value set as PENDING");
        }
        std::cout << "raii: active value is the new pending value\n";

        // A wrong secret key: the gateway's code "200".
        sm_client_options wrong = options;
        wrong.access_key = options.access_key != nullptr ? options.access_key : "AK_UNKNOWN";
        wrong.secret_key = "wrong-secret-key";
        sm::client intruder(wrong);
        try {
            sm::take<sm::secret>(sm_get_secret_detail, intruder.get(), id.c_str());
            throw std::runtime_error("a wrong key was accepted");
        } catch (const sm::error &e) {
            std::cout << "raii: wrong key rejected: " << sm_status_str(e.status()) << " HTTP " << e.http_status()
                      << " code " << e.code() << (e.request_id().empty() ? "" : " (request id ")
                      << e.request_id() << (e.request_id().empty() ? "" : ")") << "\n";
            // A refused key stays refused: not worth sending again.
            if (e.code() != "200" || e.status() != SM_AUTHENTICATION_FAILED || e.http_status() != 401 ||
                e.retryable()) {
                throw;
            }
        }

        // A job that fails; completing it before it started is refused (INVALID_STATUS).
        sm::run(sm_execute_rotation, c.get(), id.c_str());
        const std::string token2 = newest_job_token(c, id);
        try {
            sm::run(sm_complete_rotation_job, c.get(), id.c_str(), token2.c_str());
            throw std::runtime_error("a job that was not started completed");
        } catch (const sm::error &e) {
            std::cout << "raii: wrong state rejected: " << sm_status_str(e.status()) << " HTTP " << e.http_status()
                      << " code " << e.code() << "\n";
            if (e.status() != SM_INVALID_STATE || e.http_status() != 422 || e.code() != "INVALID_STATUS") {
                throw;
            }
        }
        sm::take<sm::chain>(sm_start_rotation_job, c.get(), id.c_str(), token2.c_str());
        sm::run(sm_fail_rotation_job, c.get(), id.c_str(), token2.c_str());
        auto after_fail = sm::take<sm::secret>(sm_get_secret_detail, c.get(), id.c_str());
        std::cout << "raii: after a failed job rotation_phase="
                  << sm::text_or(sm_secret_rotation_phase(after_fail.get()), "?") << "\n";

        auto off = sm::take<sm::settings>(sm_disable_auto_rotation, c.get(), id.c_str());
        std::cout << "raii: auto rotation now " << sm_rotation_settings_enabled(off.get()) << "\n";
        check(sm_rotation_settings_enabled(off.get()) == 0, "auto rotation is off");
        std::cout << "raii: OK\n";
        return 0;
    } catch (const sm::error &e) {
        std::cerr << "raii: " << e.what() << " (HTTP " << e.http_status() << ", code \"" << e.code() << "\")\n";
    } catch (const std::exception &e) {
        std::cerr << "raii: " << e.what() << "\n";
    }
    return 1;
}
