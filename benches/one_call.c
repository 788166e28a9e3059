/*
 * one_call.c - the C side of benches/one_call.sh: Get Secret Value through the C library,
 * called CALLS times in a row on one client after WARMUP untimed calls, against the emulator
 * at URL. Prints the duration of each timed call in nanoseconds, one per line, once they are
 * all done (the script computes the statistics of every language alike).
 *
 *   one_call URL SECRET_ID CALLS WARMUP typed|generic
 *
 * typed:   sm_get_secret_value, then sm_secret_chain_active and sm_secret_chain_free.
 * generic: sm_call(client, "GetSecretValue", "{\"secretId\":...}") and sm_string_free: the
 *          path the Python package takes, without Python.
 * Each timed call includes reading the ACTIVE value's length and freeing the answer. The keys
 * come from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY (both options NULL).
 */
#define _POSIX_C_SOURCE 200809L
#include <secretmanager.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* One call; returns the length of the ACTIVE value (0 = none), or -1 on failure (reported). */
static long one_call(const sm_client *client, int generic, const char *id, const char *request) {
    sm_error *err = NULL;
    long length = -1;
    if (generic) {
        char *json = NULL;
        if (sm_call(client, "GetSecretValue", request, &json, &err) == SM_OK) {
            length = strstr(json, "\"active\"") != NULL ? (long)strlen(json) : 0;
        }
        sm_string_free(json);
    } else {
        sm_secret_chain *chain = NULL;
        if (sm_get_secret_value(client, id, &chain, &err) == SM_OK) {
            const char *active = sm_secret_chain_active(chain);
            length = active != NULL ? (long)strlen(active) : 0;
        }
        sm_secret_chain_free(chain);
    }
    if (length < 0) {
        fprintf(stderr, "one_call: %s\n", sm_error_message(err));
    }
    sm_error_free(err);
    return length;
}

int main(int argc, char **argv) {
    if (argc != 6 || (strcmp(argv[5], "typed") != 0 && strcmp(argv[5], "generic") != 0)) {
        fprintf(stderr, "usage: one_call URL SECRET_ID CALLS WARMUP typed|generic\n");
        return 2;
    }
    const char *id = argv[2];
    long calls = strtol(argv[3], NULL, 10), warmup = strtol(argv[4], NULL, 10);
    int generic = strcmp(argv[5], "generic") == 0;
    char request[256];
    if (calls <= 0 || warmup < 0 ||
        snprintf(request, sizeof request, "{\"secretId\":\"%s\"}", id) >= (int)sizeof request) {
        fprintf(stderr, "one_call: bad CALLS, WARMUP or SECRET_ID\n");
        return 2;
    }
    uint64_t *nanos = malloc((size_t)calls * sizeof *nanos);
    if (nanos == NULL) {
        return 1;
    }
    sm_client_options options;
    if (sm_client_options_init(&options, sizeof options) != SM_OK) {
        fprintf(stderr, "client options: the library is older than secretmanager.h\n");
        free(nanos);
        return 1;
    }
    options.endpoint_preset = SM_ENDPOINT_URL;
    options.endpoint_url = argv[1];
    options.no_proxy = true;
    sm_client *client = NULL;
    sm_error *err = NULL;
    int rc = 1;
    if (sm_client_new(&options, &client, &err) != SM_OK) {
        fprintf(stderr, "client: %s\n", sm_error_message(err));
        goto done;
    }
    for (long i = 0; i < warmup; i++) {
        if (one_call(client, generic, id, request) < 0) {
            goto done;
        }
    }
    for (long i = 0; i < calls; i++) {
        uint64_t start = now_ns();
        long length = one_call(client, generic, id, request);
        nanos[i] = now_ns() - start;
        if (length <= 0) {
            if (length == 0) {
                fprintf(stderr, "one_call: the answer has no ACTIVE value\n");
            }
            goto done;
        }
    }
    for (long i = 0; i < calls; i++) {
        printf("%" PRIu64 "\n", nanos[i]);
    }
    rc = fflush(stdout) == 0 ? 0 : 1;
done:
    sm_error_free(err);
    sm_client_free(client);
    free(nanos);
    return rc;
}
