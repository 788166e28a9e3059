/*
 * cache_reader.c - how a service reads its secrets: through an sm_cache shared by its threads.
 *
 * Creates an NCP secret, puts a cache over the client, and has 4 threads read the password
 * field and the whole value 2000 times each (one request in all: the rest come from memory).
 * Then a rotation's values through the same client (Update Secret Value): the cache sees the
 * new value at once and hands out the previous one for the login that raced the rotation.
 * Finally the errors: a stage without a value, a missing field, bad arguments. Secret values
 * are never printed.
 *
 * Environment:
 *   SM_ENDPOINT                      base URL of the API (e.g. the emulator's)
 *   NCLOUD_ACCESS_KEY / _SECRET_KEY  NCP keys
 *
 * Exit status: 0 on success, 1 on any failure (the error is printed to stderr).
 */
#include <secretmanager.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "example_util.h"

#define READERS 4
#define READS 2000

struct reader {
    const sm_cache *cache;
    const char *secret_id;
    int failures;
};

/* Overwrites `n` bytes of `p` with zeros in a way the compiler may not drop. */
static void wipe(char *p, size_t n) {
    volatile char *v = p;
    while (n--) {
        *v++ = 0;
    }
}

/* One thread of the service: reads the password field READS times, and the whole value as
 * often into a buffer of its own (sm_cache_get_into: no allocation, nothing to free). */
static void *read_password(void *arg) {
    struct reader *reader = arg;
    char buffer[256];
    for (int i = 0; i < READS; i++) {
        char *password = NULL;
        sm_error *err = NULL;
        sm_status st = sm_cache_get_json_field(reader->cache, reader->secret_id, "password", &password, &err);
        if (st != SM_OK || strcmp(password, "first-Pa55word") != 0) {
            reader->failures++;
        }
        sm_string_free(password); /* zeroes the copy */
        sm_error_free(err);
        err = NULL;

        size_t length = 0;
        st = sm_cache_get_into(reader->cache, reader->secret_id, buffer, sizeof buffer, &length, &err);
        if (st != SM_OK || length != strlen(buffer) || strstr(buffer, "first-Pa55word") == NULL) {
            reader->failures++;
        }
        wipe(buffer, length); /* the buffer is the caller's to zero */
        sm_error_free(err);
    }
    return NULL;
}

int main(void) {
    int rc = 0;
    sm_error *err = NULL;
    sm_client *client = NULL;
    sm_cache *cache = NULL;
    char *secret_id = NULL;
    char *current = NULL;
    char *previous = NULL;
    char *value = NULL;

    sm_client_options options;
    CHECK("client options", ncp_options_from_env(&options));
    CHECK("create client", sm_client_new(&options, &client, &err));

    char name[16];
    CHECK("create secret", create_login_secret(client, "cr", name, &secret_id, &err));
    printf("created %s\n", name);

    /* The cache: a minute of TTL, the other settings at their defaults. */
    sm_cache_options cache_options;
    CHECK("cache options", sm_cache_options_init(&cache_options, sizeof cache_options));
    cache_options.ttl_ms = 60000;
    CHECK("create cache", sm_cache_new(client, &cache_options, &cache, &err));

    pthread_t threads[READERS];
    struct reader readers[READERS];
    for (int i = 0; i < READERS; i++) {
        readers[i] = (struct reader){.cache = cache, .secret_id = secret_id, .failures = 0};
        if (pthread_create(&threads[i], NULL, read_password, &readers[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            rc = 1;
            for (int j = 0; j < i; j++) {
                pthread_join(threads[j], NULL);
            }
            goto done;
        }
    }
    int failures = 0;
    for (int i = 0; i < READERS; i++) {
        pthread_join(threads[i], NULL);
        failures += readers[i].failures;
    }
    printf("%d reads by %d threads, %d failed, %zu entry held\n", 2 * READERS * READS, READERS, failures,
           sm_cache_len(cache));
    EXPECT("every read answered the password", failures == 0);

    /* A new ACTIVE value through the same client: the cache drops the old one at once. */
    sm_secret_value_update update;
    CHECK("value update", sm_secret_value_update_init(&update, sizeof update));
    update.previous_action = SM_VALUE_SET;
    update.previous = "{\"user\":\"app\",\"password\":\"first-Pa55word\"}";
    update.active_action = SM_VALUE_SET;
    update.active = "{\"user\":\"app\",\"password\":\"second-Pa55word\"}";
    CHECK("update secret value", sm_update_secret_value(client, secret_id, &update, &err));
    CHECK("get with previous", sm_cache_get_with_previous(cache, secret_id, &current, &previous, &err));
    EXPECT("the new value is seen at once", strstr(current, "second-Pa55word") != NULL);
    EXPECT("the previous value is handed out", previous != NULL && strstr(previous, "first-Pa55word") != NULL);
    printf("after the change: current is new: %s, previous is the old one: %s\n",
           strstr(current, "second-Pa55word") ? "yes" : "no",
           previous != NULL && strstr(previous, "first-Pa55word") ? "yes" : "no");

    /* Errors: typed statuses, messages without values. */
    sm_status st = sm_cache_get_stage(cache, secret_id, "PENDING", &value, &err);
    printf("no pending value: %s\n", sm_status_str(st));
    EXPECT("PENDING outside a rotation is SM_NO_VALUE", st == SM_NO_VALUE && value == NULL);
    EXPECT("the message names the stage", err != NULL && strstr(sm_error_message(err), "PENDING") != NULL);
    sm_error_free(err);
    err = NULL;
    st = sm_cache_get_json_field(cache, secret_id, "host", &value, &err);
    EXPECT("a missing field is SM_NO_VALUE", st == SM_NO_VALUE);
    EXPECT("the message holds no value", err != NULL && strstr(sm_error_message(err), "Pa55word") == NULL);
    sm_error_free(err);
    err = NULL;
    st = sm_cache_get(cache, NULL, &value, &err);
    EXPECT("a NULL secret id is SM_INVALID_ARGUMENT", st == SM_INVALID_ARGUMENT);
    sm_error_free(err);
    err = NULL;
    EXPECT("a NULL cache is SM_INVALID_ARGUMENT", sm_cache_get(NULL, secret_id, &value, NULL) == SM_INVALID_ARGUMENT);
    CHECK("invalidate", sm_cache_invalidate(cache, secret_id, &err));
    EXPECT("nothing held after invalidate", sm_cache_len(cache) == 0);
    if (rc == 0) {
        puts("cache_reader: OK");
    }

done:
    sm_string_free(current);
    sm_string_free(previous);
    sm_string_free(value);
    sm_cache_free(cache);
    sm_client_free(client);
    free(secret_id);
    return rc;
}
