/*
 * bad_input_test.c - every exported function, called with NULL for each pointer argument and
 * with strings that are not UTF-8, must answer with a status (never crash), and the error
 * object must name the argument.
 *
 * Needs no server: every call here fails before anything is sent, except one call to a
 * closed local port that must give SM_TRANSPORT_ERROR.
 *
 * Exit status: 0 when every check passed, 1 otherwise.
 */
#include <secretmanager.h>

#include <stdio.h>
#include <string.h>

static int checks = 0;
static int failures = 0;

static void expect(int condition, const char *what, int line) {
    checks++;
    if (!condition) {
        failures++;
        fprintf(stderr, "FAILED (line %d): %s\n", line, what);
    }
}
#define EXPECT(cond) expect((cond), #cond, __LINE__)

static const char BAD_UTF8[] = {'a', (char)0xff, (char)0xfe, 'z', '\0'};

static sm_error *err = NULL;

/* Checks that a call failed with SM_INVALID_ARGUMENT and an error naming `argument`. */
static void check_invalid(sm_status status, const char *argument, const char *call, int line) {
    checks++;
    int ok = status == SM_INVALID_ARGUMENT && err != NULL &&
             sm_error_status(err) == SM_INVALID_ARGUMENT && sm_error_http_status(err) == 0 &&
             sm_error_message(err) != NULL && strstr(sm_error_message(err), argument) != NULL &&
             sm_error_code(err) != NULL && sm_error_code(err)[0] == '\0' &&
             sm_error_request_id(err) == NULL && !sm_error_retryable(err);
    if (!ok) {
        failures++;
        fprintf(stderr, "FAILED (line %d): %s -> %s, message: %s (expected argument `%s`)\n", line,
                call, sm_status_str(status), err ? sm_error_message(err) : "(no error object)",
                argument);
    }
    sm_error_free(err);
    err = NULL;
}
#define INVALID(argument, call) check_invalid((call), (argument), #call, __LINE__)

/* The sizes an init function and the calls reading a struct must refuse: 0 (a struct never
 * initialised), one byte short of the struct's first layout, and more than the struct (a header
 * newer than the library). An init function refusing a size writes nothing. */
#define CHECK_INIT(type, first_layout_end)                                                        \
    do {                                                                                          \
        type probe_;                                                                              \
        memset(&probe_, 0x5a, sizeof probe_);                                                     \
        EXPECT(type##_init(NULL, sizeof probe_) == SM_INVALID_ARGUMENT);                          \
        EXPECT(type##_init(&probe_, 0) == SM_INVALID_ARGUMENT);                                   \
        EXPECT(type##_init(&probe_, (first_layout_end) - 1) == SM_INVALID_ARGUMENT);              \
        EXPECT(type##_init(&probe_, sizeof probe_ + 1) == SM_INVALID_ARGUMENT);                   \
        EXPECT(probe_.struct_size == (size_t)0x5a5a5a5a5a5a5a5aull);                              \
        EXPECT(type##_init(&probe_, sizeof probe_) == SM_OK && probe_.struct_size == sizeof probe_); \
    } while (0)

/* `first_layout_end` of a struct: the offset past the last field of its first layout. */
#define END_OF(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

int main(void) {
    /* Static strings. */
    EXPECT(sm_version() != NULL && sm_version()[0] != '\0');
    EXPECT(strcmp(sm_status_str(SM_OK), "ok") == 0);
    EXPECT(strcmp(sm_status_str(SM_INVALID_ARGUMENT), "invalid argument") == 0);
    EXPECT(strcmp(sm_status_str(SM_NOT_FOUND), "not found") == 0);
    EXPECT(strcmp(sm_status_str(SM_QUOTA_EXCEEDED), "quota exceeded") == 0);
    EXPECT(strcmp(sm_status_str(SM_PANIC), "internal panic (a bug in secretmanager)") == 0);
    EXPECT(strcmp(sm_status_str(-1), "unknown status") == 0);
    EXPECT(strcmp(sm_status_str(123456), "unknown status") == 0);

    /* Error accessors and every free function accept NULL. */
    EXPECT(sm_error_status(NULL) == SM_INVALID_ARGUMENT);
    EXPECT(sm_error_http_status(NULL) == 0);
    EXPECT(sm_error_code(NULL) == NULL);
    EXPECT(sm_error_message(NULL) == NULL);
    EXPECT(sm_error_request_id(NULL) == NULL);
    EXPECT(!sm_error_retryable(NULL));
    sm_error_free(NULL);
    sm_string_free(NULL);
    sm_client_free(NULL);
    sm_secret_free(NULL);
    sm_secret_list_free(NULL);
    sm_secret_chain_free(NULL);
    sm_rotation_settings_free(NULL);
    sm_secret_logs_free(NULL);
    sm_huawei_client_free(NULL);
    sm_protection_key_list_free(NULL);
    sm_trigger_list_free(NULL);
    sm_huawei_secret_free(NULL);

    /* Object accessors with NULL. */
    EXPECT(sm_secret_id(NULL) == NULL);
    EXPECT(sm_secret_name(NULL) == NULL);
    EXPECT(sm_secret_status(NULL) == NULL);
    EXPECT(sm_secret_memo(NULL) == NULL);
    EXPECT(sm_secret_rotation_phase(NULL) == NULL);
    EXPECT(sm_secret_trigger_id(NULL) == NULL);
    EXPECT(sm_secret_auto_rotation(NULL) == -1);
    EXPECT(sm_secret_auto_rotation_period(NULL) == 0);
    EXPECT(sm_secret_next_rotation_date_ms(NULL) == -1);
    EXPECT(sm_secret_list_count(NULL) == 0);
    EXPECT(sm_secret_list_total_count(NULL) == 0);
    EXPECT(sm_secret_list_get(NULL, 0) == NULL);
    EXPECT(sm_secret_chain_previous(NULL) == NULL);
    EXPECT(sm_secret_chain_active(NULL) == NULL);
    EXPECT(sm_secret_chain_pending(NULL) == NULL);
    EXPECT(sm_secret_chain_rotation_target_count(NULL) == 0);
    EXPECT(sm_secret_chain_rotation_target(NULL, 0) == NULL);
    EXPECT(sm_rotation_settings_enabled(NULL) == -1);
    EXPECT(sm_rotation_settings_period_days(NULL) == 0);
    EXPECT(sm_rotation_settings_next_rotation_date_ms(NULL) == -1);
    EXPECT(sm_rotation_settings_trigger_id(NULL) == NULL);
    EXPECT(sm_secret_logs_count(NULL) == 0);
    EXPECT(sm_secret_logs_total_count(NULL) == 0);
    EXPECT(sm_secret_log_id(NULL, 0) == NULL);
    EXPECT(sm_secret_log_action(NULL, 0) == NULL);
    EXPECT(sm_secret_log_job_token(NULL, 0) == NULL);
    EXPECT(sm_secret_log_result(NULL, 0) == NULL);
    EXPECT(sm_secret_log_create_date_ms(NULL, 0) == -1);

    EXPECT(strcmp(sm_status_str(SM_OUTCOME_UNKNOWN), "the request may have been applied") == 0);
    EXPECT(sm_client_forget_connections(NULL, NULL) == SM_INVALID_ARGUMENT);
    EXPECT(sm_huawei_client_forget_connections(NULL, NULL) == SM_INVALID_ARGUMENT);

    /* Initialisers of the structs the caller allocates. */
    CHECK_INIT(sm_client_options, END_OF(sm_client_options, no_proxy));
    CHECK_INIT(sm_huawei_client_options, END_OF(sm_huawei_client_options, no_proxy));
    CHECK_INIT(sm_create_secret_request, END_OF(sm_create_secret_request, kms_boundary_type));
    CHECK_INIT(sm_huawei_create_secret_request, END_OF(sm_huawei_create_secret_request, rotation_period));
    CHECK_INIT(sm_huawei_create_secret_version_request, END_OF(sm_huawei_create_secret_version_request, expire_time));
    CHECK_INIT(sm_huawei_update_secret_request, END_OF(sm_huawei_update_secret_request, rotation_func_urn));
    CHECK_INIT(sm_random_secret_options, END_OF(sm_random_secret_options, require_each_included_type));
    CHECK_INIT(sm_secret_value_update, END_OF(sm_secret_value_update, pending));

    /* Client creation. */
    sm_client *client = (sm_client *)&err; /* must be overwritten with NULL on failure */
    sm_client_options options;
    EXPECT(sm_client_options_init(&options, sizeof options) == SM_OK);
    options.endpoint_preset = SM_ENDPOINT_URL;
    options.endpoint_url = "http://127.0.0.1:1";
    options.access_key = "AK_TEST";
    options.secret_key = "SK_TEST";
    options.max_retries = 0;
    options.connect_timeout_ms = 2000;
    INVALID("options", sm_client_new(NULL, &client, &err));
    EXPECT(client == NULL);
    INVALID("out", sm_client_new(&options, NULL, &err));
    EXPECT(sm_client_new(NULL, &client, NULL) == SM_INVALID_ARGUMENT);
    sm_client_options bad = options;
    bad.endpoint_url = NULL;
    INVALID("endpoint_url", sm_client_new(&bad, &client, &err));
    bad.endpoint_url = BAD_UTF8;
    INVALID("endpoint_url", sm_client_new(&bad, &client, &err));
    bad.endpoint_url = "ftp://example";
    INVALID("endpoint_url", sm_client_new(&bad, &client, &err));
    bad = options;
    bad.endpoint_preset = 77;
    INVALID("endpoint_preset", sm_client_new(&bad, &client, &err));
    bad = options;
    bad.secret_key = NULL;
    INVALID("secret_key", sm_client_new(&bad, &client, &err));
    bad = options;
    bad.access_key = NULL;
    INVALID("access_key", sm_client_new(&bad, &client, &err));
    bad = options;
    bad.access_key = BAD_UTF8;
    INVALID("access_key", sm_client_new(&bad, &client, &err));
    bad = options;
    bad.user_agent = BAD_UTF8;
    INVALID("user_agent", sm_client_new(&bad, &client, &err));
    bad = options;
    bad.struct_size = 0;
    INVALID("options->struct_size", sm_client_new(&bad, &client, &err));
    bad.struct_size = sizeof bad + 8;
    INVALID("older than the header", sm_client_new(&bad, &client, &err));
    EXPECT(client == NULL);
    EXPECT(sm_client_new(&options, &client, &err) == SM_OK && client != NULL && err == NULL);

    /* Operations: NULL for each pointer, then bad UTF-8 for each string. */
    sm_secret *secret = NULL;
    sm_secret_list *list = NULL;
    sm_secret_chain *chain = NULL;
    sm_rotation_settings *settings = NULL;
    sm_secret_logs *logs = NULL;
    char *text = NULL;

    const char *targets[] = {"password", NULL};
    const char *bad_targets[] = {BAD_UTF8};
    sm_create_secret_request request;
    EXPECT(sm_create_secret_request_init(&request, sizeof request) == SM_OK);
    request.secret_name = "valid-name";
    request.secret_value = "{\"password\":\"x\"}";
    request.rotation_targets = targets;
    request.rotation_targets_count = 1;
    INVALID("client", sm_create_secret(NULL, &request, &secret, &err));
    INVALID("request", sm_create_secret(client, NULL, &secret, &err));
    INVALID("out", sm_create_secret(client, &request, NULL, &err));
    sm_create_secret_request r = request;
    r.struct_size = 0;
    INVALID("request->struct_size", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.secret_name = NULL;
    INVALID("secret_name", sm_create_secret(client, &r, &secret, &err));
    r.secret_name = BAD_UTF8;
    INVALID("secret_name", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.secret_value = NULL;
    INVALID("secret_value", sm_create_secret(client, &r, &secret, &err));
    r.secret_value = BAD_UTF8;
    INVALID("secret_value", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.rotation_targets = NULL;
    INVALID("rotation_targets", sm_create_secret(client, &r, &secret, &err));
    r.rotation_targets = targets;
    r.rotation_targets_count = 2;
    INVALID("rotation_targets[1]", sm_create_secret(client, &r, &secret, &err));
    r.rotation_targets = bad_targets;
    r.rotation_targets_count = 1;
    INVALID("rotation_targets[0]", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.memo = BAD_UTF8;
    INVALID("memo", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.trigger_id = BAD_UTF8;
    INVALID("trigger_id", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.kms_key_tag = BAD_UTF8;
    INVALID("kms_key_tag", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.secret_type = BAD_UTF8;
    INVALID("secret_type", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.protection_key_type = 9;
    INVALID("protection_key_type", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.kms_boundary_type = 9;
    INVALID("kms_boundary_type", sm_create_secret(client, &r, &secret, &err));
    /* Validation by the core, before sending: the field is named. */
    r = request;
    r.secret_name = "1-starts-with-a-digit";
    INVALID("secretName", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.secret_value = "not json";
    INVALID("secretValue", sm_create_secret(client, &r, &secret, &err));
    r = request;
    r.auto_rotation = true;
    INVALID("autoRotationPeriod", sm_create_secret(client, &r, &secret, &err));
    const uint32_t zero_days = 0;
    r.auto_rotation_period_days = &zero_days;
    INVALID("autoRotationPeriod", sm_create_secret(client, &r, &secret, &err));
    EXPECT(secret == NULL);

    INVALID("client", sm_get_secret_detail(NULL, "id", &secret, &err));
    INVALID("secret_id", sm_get_secret_detail(client, NULL, &secret, &err));
    INVALID("secret_id", sm_get_secret_detail(client, BAD_UTF8, &secret, &err));
    INVALID("out", sm_get_secret_detail(client, "id", NULL, &err));

    INVALID("client", sm_list_secrets(NULL, NULL, &list, &err));
    INVALID("out", sm_list_secrets(client, NULL, NULL, &err));
    /* A number given, 0 included, reaches the core's check; NULL leaves it out. */
    const uint32_t zero = 0, big = 731;
    INVALID("pageNo", sm_list_secrets(client, &zero, &list, &err));
    EXPECT(list == NULL);

    INVALID("client", sm_get_secret_value(NULL, "id", &chain, &err));
    INVALID("secret_id", sm_get_secret_value(client, NULL, &chain, &err));
    INVALID("secret_id", sm_get_secret_value(client, BAD_UTF8, &chain, &err));
    INVALID("out", sm_get_secret_value(client, "id", NULL, &err));

    INVALID("client", sm_start_rotation_job(NULL, "id", "tok", &chain, &err));
    INVALID("secret_id", sm_start_rotation_job(client, NULL, "tok", &chain, &err));
    INVALID("secret_id", sm_start_rotation_job(client, BAD_UTF8, "tok", &chain, &err));
    INVALID("job_token", sm_start_rotation_job(client, "id", NULL, &chain, &err));
    INVALID("job_token", sm_start_rotation_job(client, "id", BAD_UTF8, &chain, &err));
    INVALID("out", sm_start_rotation_job(client, "id", "tok", NULL, &err));
    EXPECT(chain == NULL);

    INVALID("client", sm_enable_auto_rotation(NULL, "id", NULL, "trg", &settings, &err));
    INVALID("secret_id", sm_enable_auto_rotation(client, NULL, NULL, "trg", &settings, &err));
    INVALID("secret_id", sm_enable_auto_rotation(client, BAD_UTF8, NULL, "trg", &settings, &err));
    INVALID("trigger_id", sm_enable_auto_rotation(client, "id", NULL, BAD_UTF8, &settings, &err));
    INVALID("out", sm_enable_auto_rotation(client, "id", NULL, "trg", NULL, &err));
    INVALID("rotationPeriod", sm_enable_auto_rotation(client, "id", &big, "trg", &settings, &err));
    INVALID("rotationPeriod", sm_enable_auto_rotation(client, "id", &zero, "trg", &settings, &err));

    INVALID("client", sm_disable_auto_rotation(NULL, "id", &settings, &err));
    INVALID("secret_id", sm_disable_auto_rotation(client, NULL, &settings, &err));
    INVALID("secret_id", sm_disable_auto_rotation(client, BAD_UTF8, &settings, &err));
    INVALID("out", sm_disable_auto_rotation(client, "id", NULL, &err));
    EXPECT(settings == NULL);

    INVALID("client", sm_execute_rotation(NULL, "id", &err));
    INVALID("secret_id", sm_execute_rotation(client, NULL, &err));
    INVALID("secret_id", sm_execute_rotation(client, BAD_UTF8, &err));

    INVALID("client", sm_get_secret_logs(NULL, "id", NULL, NULL, NULL, &logs, &err));
    INVALID("secret_id", sm_get_secret_logs(client, NULL, NULL, NULL, NULL, &logs, &err));
    INVALID("secret_id", sm_get_secret_logs(client, BAD_UTF8, NULL, NULL, NULL, &logs, &err));
    INVALID("keyword", sm_get_secret_logs(client, "id", BAD_UTF8, NULL, NULL, &logs, &err));
    INVALID("out", sm_get_secret_logs(client, "id", NULL, NULL, NULL, NULL, &err));
    INVALID("pageNo", sm_get_secret_logs(client, "id", NULL, &zero, NULL, &logs, &err));
    INVALID("pageSize", sm_get_secret_logs(client, "id", NULL, NULL, &zero, &logs, &err));
    EXPECT(logs == NULL);

    INVALID("client", sm_add_pending_stage(NULL, "id", "tok", &text, &err));
    INVALID("secret_id", sm_add_pending_stage(client, NULL, "tok", &text, &err));
    INVALID("secret_id", sm_add_pending_stage(client, BAD_UTF8, "tok", &text, &err));
    INVALID("job_token", sm_add_pending_stage(client, "id", NULL, &text, &err));
    INVALID("job_token", sm_add_pending_stage(client, "id", BAD_UTF8, &text, &err));
    INVALID("pending_out", sm_add_pending_stage(client, "id", "tok", NULL, &err));

    const char *value = "{\"password\":\"x\"}";
    INVALID("client", sm_update_pending_stage(NULL, "id", "tok", value, &err));
    INVALID("secret_id", sm_update_pending_stage(client, NULL, "tok", value, &err));
    INVALID("secret_id", sm_update_pending_stage(client, BAD_UTF8, "tok", value, &err));
    INVALID("job_token", sm_update_pending_stage(client, "id", NULL, value, &err));
    INVALID("job_token", sm_update_pending_stage(client, "id", BAD_UTF8, value, &err));
    INVALID("value", sm_update_pending_stage(client, "id", "tok", NULL, &err));
    INVALID("value", sm_update_pending_stage(client, "id", "tok", BAD_UTF8, &err));
    INVALID("value", sm_update_pending_stage(client, "id", "tok", "[1,2]", &err));

    sm_random_secret_options random;
    EXPECT(sm_random_secret_options_init(&random, sizeof random) == SM_OK && random.length == 12 &&
           random.include_space);
    INVALID("client", sm_generate_random_secret(NULL, "id", "tok", &random, &text, &err));
    INVALID("secret_id", sm_generate_random_secret(client, NULL, "tok", &random, &text, &err));
    INVALID("secret_id", sm_generate_random_secret(client, BAD_UTF8, "tok", &random, &text, &err));
    INVALID("job_token", sm_generate_random_secret(client, "id", NULL, &random, &text, &err));
    INVALID("job_token", sm_generate_random_secret(client, "id", BAD_UTF8, &random, &text, &err));
    INVALID("out", sm_generate_random_secret(client, "id", "tok", &random, NULL, &err));
    sm_random_secret_options bad_random = random;
    bad_random.struct_size = 0;
    INVALID("options->struct_size", sm_generate_random_secret(client, "id", "tok", &bad_random, &text, &err));
    bad_random = random;
    bad_random.exclude_characters = BAD_UTF8;
    INVALID("exclude_characters", sm_generate_random_secret(client, "id", "tok", &bad_random, &text, &err));
    bad_random = random;
    bad_random.length = 4;
    INVALID("length", sm_generate_random_secret(client, "id", "tok", &bad_random, &text, &err));
    EXPECT(text == NULL);

    INVALID("client", sm_complete_rotation_job(NULL, "id", "tok", &err));
    INVALID("secret_id", sm_complete_rotation_job(client, NULL, "tok", &err));
    INVALID("secret_id", sm_complete_rotation_job(client, BAD_UTF8, "tok", &err));
    INVALID("job_token", sm_complete_rotation_job(client, "id", NULL, &err));
    INVALID("job_token", sm_complete_rotation_job(client, "id", BAD_UTF8, &err));

    INVALID("client", sm_fail_rotation_job(NULL, "id", "tok", &err));
    INVALID("secret_id", sm_fail_rotation_job(client, NULL, "tok", &err));
    INVALID("secret_id", sm_fail_rotation_job(client, BAD_UTF8, "tok", &err));
    INVALID("job_token", sm_fail_rotation_job(client, "id", NULL, &err));
    INVALID("job_token", sm_fail_rotation_job(client, "id", BAD_UTF8, &err));

    /* Status changes, deletion, memo, protection key. */
    typedef sm_status (*secret_action)(const sm_client *, const char *, sm_error **);
    const secret_action actions[] = {sm_enable_secret,       sm_disable_secret,        sm_request_secret_deletion,
                                     sm_cancel_secret_deletion, sm_delete_secret,      sm_delete_rotation_trigger,
                                     sm_retry_rotation_job,  sm_cancel_rotation_job,   sm_rollback_rotation_job};
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        INVALID("client", actions[i](NULL, "id", &err));
        INVALID("secret_id", actions[i](client, NULL, &err));
        INVALID("secret_id", actions[i](client, BAD_UTF8, &err));
    }
    INVALID("client", sm_update_secret_memo(NULL, "id", "memo", &err));
    INVALID("secret_id", sm_update_secret_memo(client, NULL, "memo", &err));
    INVALID("secret_id", sm_update_secret_memo(client, BAD_UTF8, "memo", &err));
    INVALID("memo", sm_update_secret_memo(client, "id", NULL, &err));
    INVALID("memo", sm_update_secret_memo(client, "id", BAD_UTF8, &err));
    INVALID("client", sm_update_protection_key(NULL, "id", SM_PROTECTION_KEY_DEFAULT, NULL, SM_KMS_BOUNDARY_UNSET, &err));
    INVALID("secret_id", sm_update_protection_key(client, NULL, SM_PROTECTION_KEY_DEFAULT, NULL, SM_KMS_BOUNDARY_UNSET, &err));
    INVALID("secret_id",
            sm_update_protection_key(client, BAD_UTF8, SM_PROTECTION_KEY_DEFAULT, NULL, SM_KMS_BOUNDARY_UNSET, &err));
    INVALID("kms_key_tag",
            sm_update_protection_key(client, "id", SM_PROTECTION_KEY_USER_MANAGED, BAD_UTF8, SM_KMS_BOUNDARY_UNSET, &err));
    INVALID("protection_key_type", sm_update_protection_key(client, "id", 9, NULL, SM_KMS_BOUNDARY_UNSET, &err));
    INVALID("kms_boundary_type", sm_update_protection_key(client, "id", SM_PROTECTION_KEY_DEFAULT, NULL, 9, &err));
    INVALID("kmsKeyTag", sm_update_protection_key(client, "id", SM_PROTECTION_KEY_USER_MANAGED, NULL, SM_KMS_BOUNDARY_UNSET, &err));

    /* Stage values. */
    INVALID("client", sm_get_secret_stage_value(NULL, "id", SM_STAGE_ACTIVE, &text, &err));
    INVALID("secret_id", sm_get_secret_stage_value(client, NULL, SM_STAGE_ACTIVE, &text, &err));
    INVALID("secret_id", sm_get_secret_stage_value(client, BAD_UTF8, SM_STAGE_ACTIVE, &text, &err));
    INVALID("stage", sm_get_secret_stage_value(client, "id", 0, &text, &err));
    INVALID("value_out", sm_get_secret_stage_value(client, "id", SM_STAGE_ACTIVE, NULL, &err));
    INVALID("client", sm_update_secret_stage_value(NULL, "id", SM_STAGE_ACTIVE, value, &err));
    INVALID("secret_id", sm_update_secret_stage_value(client, NULL, SM_STAGE_ACTIVE, value, &err));
    INVALID("secret_id", sm_update_secret_stage_value(client, BAD_UTF8, SM_STAGE_ACTIVE, value, &err));
    INVALID("stage", sm_update_secret_stage_value(client, "id", 4, value, &err));
    INVALID("value", sm_update_secret_stage_value(client, "id", SM_STAGE_ACTIVE, NULL, &err));
    INVALID("value", sm_update_secret_stage_value(client, "id", SM_STAGE_ACTIVE, BAD_UTF8, &err));
    sm_secret_value_update update;
    EXPECT(sm_secret_value_update_init(&update, sizeof update) == SM_OK && update.active_action == SM_VALUE_KEEP);
    update.active_action = SM_VALUE_SET;
    update.active = value;
    INVALID("client", sm_update_secret_value(NULL, "id", &update, &err));
    INVALID("secret_id", sm_update_secret_value(client, NULL, &update, &err));
    INVALID("secret_id", sm_update_secret_value(client, BAD_UTF8, &update, &err));
    INVALID("update", sm_update_secret_value(client, "id", NULL, &err));
    sm_secret_value_update bad_update = update;
    bad_update.struct_size = 0;
    INVALID("update->struct_size", sm_update_secret_value(client, "id", &bad_update, &err));
    bad_update = update;
    bad_update.active = BAD_UTF8;
    INVALID("update->active", sm_update_secret_value(client, "id", &bad_update, &err));
    bad_update.active = NULL;
    INVALID("update->active", sm_update_secret_value(client, "id", &bad_update, &err));
    bad_update = update;
    bad_update.pending_action = SM_VALUE_DELETE;
    bad_update.pending = value;
    INVALID("update->pending", sm_update_secret_value(client, "id", &bad_update, &err));
    bad_update = update;
    bad_update.previous_action = 7;
    INVALID("update->previous_action", sm_update_secret_value(client, "id", &bad_update, &err));
    EXPECT(text == NULL);

    /* Rotation settings and lists. */
    INVALID("client", sm_update_rotation_period(NULL, "id", 30, &settings, &err));
    INVALID("secret_id", sm_update_rotation_period(client, NULL, 30, &settings, &err));
    INVALID("secret_id", sm_update_rotation_period(client, BAD_UTF8, 30, &settings, &err));
    INVALID("out", sm_update_rotation_period(client, "id", 30, NULL, &err));
    INVALID("rotationPeriod", sm_update_rotation_period(client, "id", 0, &settings, &err));
    INVALID("client", sm_update_rotation_trigger(NULL, "id", "trg", &settings, &err));
    INVALID("secret_id", sm_update_rotation_trigger(client, NULL, "trg", &settings, &err));
    INVALID("secret_id", sm_update_rotation_trigger(client, BAD_UTF8, "trg", &settings, &err));
    INVALID("trigger_id", sm_update_rotation_trigger(client, "id", NULL, &settings, &err));
    INVALID("trigger_id", sm_update_rotation_trigger(client, "id", BAD_UTF8, &settings, &err));
    INVALID("out", sm_update_rotation_trigger(client, "id", "trg", NULL, &err));
    EXPECT(settings == NULL);
    sm_protection_key_list *keys = NULL;
    sm_trigger_list *triggers = NULL;
    INVALID("client", sm_get_protection_key_list(NULL, &keys, &err));
    INVALID("out", sm_get_protection_key_list(client, NULL, &err));
    INVALID("client", sm_get_trigger_list(NULL, &triggers, &err));
    INVALID("out", sm_get_trigger_list(client, NULL, &err));
    EXPECT(keys == NULL && triggers == NULL);
    EXPECT(sm_protection_key_list_count(NULL) == 0 && sm_protection_key_id(NULL, 0) == NULL);
    EXPECT(sm_protection_key_tag(NULL, 0) == NULL && sm_protection_key_name(NULL, 0) == NULL);
    EXPECT(sm_protection_key_status(NULL, 0) == NULL && sm_protection_key_type_name(NULL, 0) == NULL);
    EXPECT(sm_trigger_list_count(NULL) == 0 && sm_trigger_id(NULL, 0) == NULL && sm_trigger_name(NULL, 0) == NULL);
    EXPECT(sm_trigger_description(NULL, 0) == NULL && sm_trigger_linked_secret_count(NULL, 0) == 0);
    EXPECT(sm_trigger_linked_secret(NULL, 0, 0) == NULL);

    /* Without an error object the status is the same. */
    EXPECT(sm_get_secret_detail(client, NULL, &secret, NULL) == SM_INVALID_ARGUMENT);

    /* A closed local port: a transport error, not a crash. */
    sm_status st = sm_get_secret_detail(client, "id", &secret, &err);
    EXPECT(st == SM_TRANSPORT_ERROR || st == SM_TIMEOUT);
    EXPECT(err != NULL && sm_error_status(err) == st && sm_error_http_status(err) == 0);
    EXPECT(secret == NULL);
    sm_error_free(err);
    err = NULL;

    /* Huawei client. */
    sm_huawei_client *huawei = NULL;
    sm_huawei_client_options hw;
    EXPECT(sm_huawei_client_options_init(&hw, sizeof hw) == SM_OK);
    hw.endpoint_url = "http://127.0.0.1:1";
    hw.project_id = "0123456789abcdef0123456789abcdef";
    hw.access_key = "AK_TEST";
    hw.secret_key = "SK_TEST";
    INVALID("options", sm_huawei_client_new(NULL, &huawei, &err));
    INVALID("out", sm_huawei_client_new(&hw, NULL, &err));
    sm_huawei_client_options bad_hw = hw;
    bad_hw.struct_size = 0;
    INVALID("options->struct_size", sm_huawei_client_new(&bad_hw, &huawei, &err));
    bad_hw = hw;
    bad_hw.project_id = "short";
    INVALID("project_id", sm_huawei_client_new(&bad_hw, &huawei, &err));
    bad_hw.project_id = BAD_UTF8;
    INVALID("project_id", sm_huawei_client_new(&bad_hw, &huawei, &err));
    bad_hw = hw;
    bad_hw.endpoint_url = NULL;
    bad_hw.region = NULL;
    INVALID("region", sm_huawei_client_new(&bad_hw, &huawei, &err));
    bad_hw.region = BAD_UTF8;
    INVALID("region", sm_huawei_client_new(&bad_hw, &huawei, &err));
    bad_hw = hw;
    bad_hw.secret_key = NULL;
    INVALID("secret_key", sm_huawei_client_new(&bad_hw, &huawei, &err));
    bad_hw = hw;
    bad_hw.auth_token = BAD_UTF8;
    INVALID("auth_token", sm_huawei_client_new(&bad_hw, &huawei, &err));
    EXPECT(huawei == NULL);
    EXPECT(sm_huawei_client_new(&hw, &huawei, &err) == SM_OK && huawei != NULL);
    sm_huawei_rotation *rotation = NULL;
    INVALID("client", sm_huawei_rotate_secret(NULL, "name", &rotation, &err));
    INVALID("secret_name", sm_huawei_rotate_secret(huawei, NULL, &rotation, &err));
    INVALID("secret_name", sm_huawei_rotate_secret(huawei, BAD_UTF8, &rotation, &err));
    INVALID("out", sm_huawei_rotate_secret(huawei, "name", NULL, &err));
    EXPECT(rotation == NULL);
    EXPECT(sm_huawei_rotation_version_id(NULL) == NULL && sm_huawei_rotation_task_id(NULL) == NULL);
    sm_huawei_rotation_free(NULL);

    sm_huawei_task_list *tasks = NULL;
    const uint32_t limit = 10;
    INVALID("client", sm_huawei_list_secret_tasks(NULL, NULL, NULL, NULL, NULL, NULL, &tasks, &err));
    INVALID("out", sm_huawei_list_secret_tasks(huawei, NULL, NULL, NULL, &limit, NULL, NULL, &err));
    INVALID("secret_name", sm_huawei_list_secret_tasks(huawei, BAD_UTF8, NULL, NULL, NULL, NULL, &tasks, &err));
    INVALID("status", sm_huawei_list_secret_tasks(huawei, "db", BAD_UTF8, NULL, NULL, NULL, &tasks, &err));
    INVALID("task_id", sm_huawei_list_secret_tasks(huawei, NULL, "SUCCESS", BAD_UTF8, NULL, NULL, &tasks, &err));
    INVALID("marker", sm_huawei_list_secret_tasks(huawei, NULL, NULL, "t-1", &limit, BAD_UTF8, &tasks, &err));
    INVALID("limit", sm_huawei_list_secret_tasks(huawei, NULL, NULL, NULL, &zero, NULL, &tasks, &err));
    EXPECT(tasks == NULL);
    EXPECT(sm_huawei_task_list_count(NULL) == 0 && sm_huawei_task_list_next_marker(NULL) == NULL);
    EXPECT(sm_huawei_task_id(NULL, 0) == NULL && sm_huawei_task_status(NULL, 0) == NULL);
    EXPECT(sm_huawei_task_secret_name(NULL, 0) == NULL && sm_huawei_task_operate_type(NULL, 0) == NULL);
    EXPECT(sm_huawei_task_time_ms(NULL, 0) == -1 && sm_huawei_task_attempt_count(NULL, 0) == -1);
    EXPECT(sm_huawei_task_error_code(NULL, 0) == NULL && sm_huawei_task_error_message(NULL, 0) == NULL);
    sm_huawei_task_list_free(NULL);

    sm_huawei_secret *hsecret = NULL;
    sm_huawei_create_secret_request hreq;
    EXPECT(sm_huawei_create_secret_request_init(&hreq, sizeof hreq) == SM_OK && hreq.name == NULL);
    hreq.name = "db";
    hreq.secret_string = "value";
    INVALID("client", sm_huawei_create_secret(NULL, &hreq, &hsecret, &err));
    INVALID("request", sm_huawei_create_secret(huawei, NULL, &hsecret, &err));
    INVALID("out", sm_huawei_create_secret(huawei, &hreq, NULL, &err));
    const char *const bad_values[] = {NULL, BAD_UTF8};
    for (int i = 0; i < 2; i++) {
        sm_huawei_create_secret_request bad_req = hreq;
        bad_req.name = bad_values[i];
        INVALID("request->name", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
        bad_req = hreq;
        bad_req.secret_string = bad_values[i];
        INVALID("request->secret_string", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
        INVALID("secret_name", sm_huawei_show_secret_stage(huawei, bad_values[i], "SYSCURRENT", &text, &err));
        INVALID("stage_name", sm_huawei_show_secret_stage(huawei, "db", bad_values[i], &text, &err));
        INVALID("secret_name", sm_huawei_show_secret_version(huawei, bad_values[i], "v1", &text, &err));
        INVALID("version_id", sm_huawei_show_secret_version(huawei, "db", bad_values[i], &text, &err));
    }
    sm_huawei_create_secret_request bad_req = hreq;
    bad_req.struct_size = 0;
    INVALID("request->struct_size", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
    bad_req = hreq;
    bad_req.secret_type = BAD_UTF8;
    INVALID("request->secret_type", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
    bad_req = hreq;
    bad_req.description = BAD_UTF8;
    INVALID("request->description", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
    bad_req = hreq;
    bad_req.kms_key_id = BAD_UTF8;
    INVALID("request->kms_key_id", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
    bad_req = hreq;
    bad_req.rotation_config = BAD_UTF8;
    INVALID("request->rotation_config", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
    bad_req = hreq;
    bad_req.rotation_func_urn = BAD_UTF8;
    INVALID("request->rotation_func_urn", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
    bad_req = hreq;
    bad_req.rotation_period = BAD_UTF8;
    INVALID("request->rotation_period", sm_huawei_create_secret(huawei, &bad_req, &hsecret, &err));
    INVALID("client", sm_huawei_show_secret_stage(NULL, "db", "SYSCURRENT", &text, &err));
    INVALID("version_id_out", sm_huawei_show_secret_stage(huawei, "db", "SYSCURRENT", NULL, &err));
    INVALID("client", sm_huawei_show_secret_version(NULL, "db", "v1", &text, &err));
    INVALID("value_out", sm_huawei_show_secret_version(huawei, "db", "v1", NULL, &err));
    EXPECT(hsecret == NULL && text == NULL);
    EXPECT(sm_huawei_secret_id(NULL) == NULL && sm_huawei_secret_name(NULL) == NULL);
    EXPECT(sm_huawei_secret_state(NULL) == NULL && sm_huawei_secret_type(NULL) == NULL);
    EXPECT(sm_huawei_secret_description(NULL) == NULL && sm_huawei_secret_kms_key_id(NULL) == NULL);
    EXPECT(sm_huawei_secret_auto_rotation(NULL) == -1 && sm_huawei_secret_next_rotation_time_ms(NULL) == -1);
    EXPECT(sm_huawei_secret_rotation_period(NULL) == NULL && sm_huawei_secret_rotation_func_urn(NULL) == NULL);

    /* CreateSecretVersion and UpdateSecret. */
    sm_huawei_create_secret_version_request vreq;
    EXPECT(sm_huawei_create_secret_version_request_init(&vreq, sizeof vreq) == SM_OK && vreq.secret_name == NULL &&
           vreq.secret_binary == NULL && vreq.secret_binary_len == 0 && vreq.expire_time == NULL);
    vreq.secret_name = "db";
    vreq.secret_string = "value";
    INVALID("client", sm_huawei_create_secret_version(NULL, &vreq, &text, &err));
    INVALID("request", sm_huawei_create_secret_version(huawei, NULL, &text, &err));
    INVALID("version_id_out", sm_huawei_create_secret_version(huawei, &vreq, NULL, &err));
    sm_huawei_update_secret_request ureq;
    EXPECT(sm_huawei_update_secret_request_init(&ureq, sizeof ureq) == SM_OK && ureq.secret_name == NULL &&
           ureq.auto_rotation == SM_AUTO_ROTATION_UNSET);
    ureq.secret_name = "db";
    INVALID("client", sm_huawei_update_secret(NULL, &ureq, &hsecret, &err));
    INVALID("request", sm_huawei_update_secret(huawei, NULL, &hsecret, &err));
    INVALID("out", sm_huawei_update_secret(huawei, &ureq, NULL, &err));
    const char *bad_stages[] = {BAD_UTF8};
    for (int i = 0; i < 2; i++) {
        sm_huawei_create_secret_version_request bad_vreq = vreq;
        bad_vreq.secret_name = bad_values[i];
        INVALID("request->secret_name", sm_huawei_create_secret_version(huawei, &bad_vreq, &text, &err));
        sm_huawei_update_secret_request bad_ureq = ureq;
        bad_ureq.secret_name = bad_values[i];
        INVALID("request->secret_name", sm_huawei_update_secret(huawei, &bad_ureq, &hsecret, &err));
    }
    sm_huawei_create_secret_version_request bad_vreq = vreq;
    bad_vreq.secret_string = BAD_UTF8;
    INVALID("request->secret_string", sm_huawei_create_secret_version(huawei, &bad_vreq, &text, &err));
    bad_vreq = vreq;
    bad_vreq.version_stages = bad_stages;
    bad_vreq.version_stages_count = 1;
    INVALID("request->version_stages[0]", sm_huawei_create_secret_version(huawei, &bad_vreq, &text, &err));
    bad_vreq.version_stages = NULL;
    INVALID("request->version_stages", sm_huawei_create_secret_version(huawei, &bad_vreq, &text, &err));
    bad_vreq = vreq;
    bad_vreq.secret_string = NULL;
    bad_vreq.secret_binary_len = 4;
    INVALID("request->secret_binary", sm_huawei_create_secret_version(huawei, &bad_vreq, &text, &err));
    bad_vreq = vreq;
    bad_vreq.struct_size = 0;
    INVALID("request->struct_size", sm_huawei_create_secret_version(huawei, &bad_vreq, &text, &err));
    sm_huawei_update_secret_request bad_ureq = ureq;
    bad_ureq.auto_rotation = 3;
    INVALID("request->auto_rotation", sm_huawei_update_secret(huawei, &bad_ureq, &hsecret, &err));
    bad_ureq = ureq;
    bad_ureq.description = BAD_UTF8;
    INVALID("request->description", sm_huawei_update_secret(huawei, &bad_ureq, &hsecret, &err));
    bad_ureq = ureq;
    bad_ureq.kms_key_id = BAD_UTF8;
    INVALID("request->kms_key_id", sm_huawei_update_secret(huawei, &bad_ureq, &hsecret, &err));
    bad_ureq = ureq;
    bad_ureq.rotation_period = BAD_UTF8;
    INVALID("request->rotation_period", sm_huawei_update_secret(huawei, &bad_ureq, &hsecret, &err));
    bad_ureq = ureq;
    bad_ureq.rotation_func_urn = BAD_UTF8;
    INVALID("request->rotation_func_urn", sm_huawei_update_secret(huawei, &bad_ureq, &hsecret, &err));
    bad_ureq = ureq;
    bad_ureq.struct_size = sizeof ureq + 1;
    INVALID("request->struct_size", sm_huawei_update_secret(huawei, &bad_ureq, &hsecret, &err));
    EXPECT(hsecret == NULL && text == NULL);
    /* The secret cache: every function with NULL for each pointer and non-UTF-8 strings; no
     * read here gets as far as asking the server. */
    CHECK_INIT(sm_cache_options, END_OF(sm_cache_options, negative_ttl_ms));
    sm_cache_options copts;
    EXPECT(sm_cache_options_init(&copts, sizeof copts) == SM_OK && copts.ttl_ms == 300000 &&
           copts.max_entries == 1024 && copts.refresh_ahead_ms == -1 && copts.negative_ttl_ms == 5000);
    sm_cache *cache = (sm_cache *)&err; /* must be overwritten with NULL on failure */
    INVALID("client", sm_cache_new(NULL, &copts, &cache, &err));
    EXPECT(cache == NULL);
    INVALID("client", sm_huawei_cache_new(NULL, NULL, &cache, &err));
    INVALID("out", sm_cache_new(client, &copts, NULL, &err));
    INVALID("out", sm_huawei_cache_new(huawei, NULL, NULL, &err));
    sm_cache_options bad_copts = copts;
    bad_copts.struct_size = 0;
    INVALID("options->struct_size", sm_cache_new(client, &bad_copts, &cache, &err));
    EXPECT(sm_cache_new(client, &copts, &cache, &err) == SM_OK && cache != NULL);
    char *cached = NULL, *previous = NULL;
    INVALID("cache", sm_cache_get(NULL, "id", &cached, &err));
    INVALID("secret", sm_cache_get(cache, NULL, &cached, &err));
    INVALID("secret", sm_cache_get(cache, BAD_UTF8, &cached, &err));
    INVALID("value_out", sm_cache_get(cache, "id", NULL, &err));
    char into[16];
    size_t into_len = 99;
    INVALID("cache", sm_cache_get_into(NULL, "id", into, sizeof into, &into_len, &err));
    EXPECT(into_len == 0);
    INVALID("secret", sm_cache_get_into(cache, BAD_UTF8, into, sizeof into, &into_len, &err));
    INVALID("buffer", sm_cache_get_into(cache, "id", NULL, sizeof into, &into_len, &err));
    INVALID("length_out", sm_cache_get_into(cache, "id", into, sizeof into, NULL, &err));
    INVALID("stage", sm_cache_get_stage(cache, "id", NULL, &cached, &err));
    INVALID("stage", sm_cache_get_stage(cache, "id", BAD_UTF8, &cached, &err));
    INVALID("version_id", sm_cache_get_version(cache, "id", NULL, &cached, &err));
    INVALID("field", sm_cache_get_json_field(cache, "id", NULL, &cached, &err));
    INVALID("field", sm_cache_get_json_field(cache, "id", BAD_UTF8, &cached, &err));
    INVALID("current_out", sm_cache_get_with_previous(cache, "id", NULL, &previous, &err));
    INVALID("previous_out", sm_cache_get_with_previous(cache, "id", &cached, NULL, &err));
    INVALID("secret", sm_cache_invalidate(cache, NULL, &err));
    INVALID("cache", sm_cache_invalidate(NULL, "id", &err));
    INVALID("cache", sm_cache_refresh_now(NULL, "id", &err));
    INVALID("secret", sm_cache_refresh_now(cache, BAD_UTF8, &err));
    EXPECT(cached == NULL && previous == NULL);
    EXPECT(sm_cache_len(NULL) == 0 && sm_cache_len(cache) == 0);
    EXPECT(sm_cache_refresh_now(cache, "never-read", &err) == SM_OK); /* nothing held, nothing fetched */
    sm_cache_free(cache);
    sm_cache_free(NULL);

    EXPECT(sm_huawei_client_forget_connections(huawei, NULL) == SM_OK);
    sm_huawei_client_free(huawei);

    /* The log callback: a level out of range is refused; NULL or SM_LOG_OFF removes it. */
    INVALID("level", sm_set_log_callback(-1, NULL, NULL, &err));
    INVALID("level", sm_set_log_callback(SM_LOG_TRACE + 1, NULL, NULL, &err));
    EXPECT(sm_set_log_callback(SM_LOG_DEBUG, NULL, NULL, &err) == SM_OK && err == NULL);
    EXPECT(sm_set_log_callback(SM_LOG_OFF, NULL, NULL, NULL) == SM_OK);

    sm_client_free(client);
    printf("bad_input_test: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
