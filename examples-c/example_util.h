/*
 * example_util.h - small helpers the C examples share. Not part of the library's API: the
 * library's only header is secretmanager.h.
 */
#ifndef SM_EXAMPLE_UTIL_H
#define SM_EXAMPLE_UTIL_H

#include <secretmanager.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Prints "<step> failed: ..." with the status and the error object's details (never a secret
 * value) to stderr, then frees the object. Returns 1, the exit status of a failed example. */
static inline int report(const char *step, sm_status status, sm_error *err) {
    fprintf(stderr, "%s failed: %s (status %d)", step, sm_status_str(status), (int)status);
    if (err != NULL) {
        fprintf(stderr, ", HTTP %u, code \"%s\": %s", (unsigned)sm_error_http_status(err),
                sm_error_code(err), sm_error_message(err));
        if (sm_error_request_id(err) != NULL) {
            fprintf(stderr, " (request id %s)", sm_error_request_id(err));
        }
        if (sm_error_retryable(err)) {
            fputs(" (may succeed if sent again later)", stderr);
        }
    }
    fputc('\n', stderr);
    sm_error_free(err);
    return 1;
}

/* Fills *options with the library's defaults (and its struct_size), then points it at
 * $SM_ENDPOINT when that is set and not empty (else the KR public endpoint stays). The keys are
 * left NULL. Returns the status of sm_client_options_init: not SM_OK only when the library is
 * older than the header this program was compiled against. */
static inline sm_status ncp_options_from_env(sm_client_options *options) {
    sm_status st = sm_client_options_init(options, sizeof *options);
    if (st != SM_OK) {
        return st;
    }
    const char *endpoint = getenv("SM_ENDPOINT");
    if (endpoint != NULL && endpoint[0] != '\0') {
        options->endpoint_preset = SM_ENDPOINT_URL;
        options->endpoint_url = endpoint;
    }
    return SM_OK;
}

/* Creates an NCP secret for an example: named `prefix` (two letters) and six hex digits that
 * differ from run to run, written into `name`, holding {"user":"app","password":
 * "first-Pa55word"} with "password" as its rotation target. On success *id_out receives a copy
 * of its id, released with free(); on failure it stays NULL and *err says why (SM_UNKNOWN_ERROR
 * without an error object when memory ran out). */
static inline sm_status create_login_secret(sm_client *client, const char *prefix, char name[16], char **id_out,
                                            sm_error **err) {
    *id_out = NULL;
    snprintf(name, 16, "%.2s%06x", prefix, (unsigned)(time(NULL) ^ ((unsigned)getpid() << 8)) & 0xffffffu);
    const char *targets[] = {"password"};
    sm_create_secret_request request;
    sm_status st = sm_create_secret_request_init(&request, sizeof request);
    if (st != SM_OK) {
        return st;
    }
    request.secret_name = name;
    request.secret_value = "{\"user\":\"app\",\"password\":\"first-Pa55word\"}";
    request.rotation_targets = targets;
    request.rotation_targets_count = 1;
    sm_secret *secret = NULL;
    st = sm_create_secret(client, &request, &secret, err);
    if (st != SM_OK) {
        return st;
    }
    size_t id_len = strlen(sm_secret_id(secret)) + 1;
    *id_out = malloc(id_len);
    if (*id_out != NULL) {
        memcpy(*id_out, sm_secret_id(secret), id_len);
    }
    sm_secret_free(secret);
    return *id_out != NULL ? SM_OK : SM_UNKNOWN_ERROR;
}

/* In a function with `int rc`, `sm_error *err` and a `done:` label: runs `call`; on a failure
 * reports it (freeing `err`), sets rc to 1 and jumps to `done`. */
#define CHECK(step, call)                                                                                              \
    do {                                                                                                               \
        sm_status st_ = (call);                                                                                        \
        if (st_ != SM_OK) {                                                                                            \
            rc = report((step), st_, err);                                                                             \
            err = NULL;                                                                                                \
            goto done;                                                                                                 \
        }                                                                                                              \
    } while (0)

/* A check of a result: a failed one is printed and makes the program exit with 1, but the
 * remaining steps still run (so that every failed check is reported). */
#define EXPECT(what, condition)                                                                                        \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            fprintf(stderr, "check failed: %s\n", (what));                                                             \
            rc = 1;                                                                                                    \
        }                                                                                                              \
    } while (0)

#endif /* SM_EXAMPLE_UTIL_H */
