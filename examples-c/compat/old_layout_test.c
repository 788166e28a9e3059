/*
 * old_layout_test.c - a program compiled against an older header (secretmanager_v1.h, whose
 * sm_client_options has no `max_response_bytes`) and linked against the current library. The
 * library must serve it: read only the fields within its struct_size and give the field it does
 * not know its default.
 *
 *   1. The options are allocated at exactly the older size, filled by sm_client_options_init
 *      and used for a real call (valgrind, in scripts/test-c.sh, sees any access past them).
 *   2. The older struct is followed by bytes spelling max_response_bytes = 1, which would make
 *      every answer too long if the library read them; the call must succeed. As a control,
 *      the same bytes with a struct_size that covers them must fail the call.
 *   3. A struct_size below the first layout, and one larger than the library knows, are
 *      refused with SM_INVALID_ARGUMENT and a message naming the struct.
 *
 * Environment: SM_ENDPOINT (the emulator's URL), NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY.
 * Exit status: 0 when every check passed, 1 otherwise.
 */
#include "secretmanager_v1.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            fprintf(stderr, "FAILED (line %d): %s\n", __LINE__, #cond);                            \
        }                                                                                          \
    } while (0)

/* Points *options (already initialised) at the emulator. */
static void use_emulator(sm_client_options *options) {
    options->endpoint_preset = SM_ENDPOINT_URL;
    options->endpoint_url = getenv("SM_ENDPOINT");
    options->access_key = getenv("NCLOUD_ACCESS_KEY");
    options->secret_key = getenv("NCLOUD_SECRET_KEY");
    options->max_retries = 0;
    options->no_proxy = true;
}

/* Creates a client from *options and lists the secrets once: the status of the listing, or of
 * the client's creation when that failed. The error message, if any, is copied to `message`. */
static sm_status list_once(const sm_client_options *options, char *message, size_t message_size) {
    sm_client *client = NULL;
    sm_secret_list *list = NULL;
    sm_error *err = NULL;
    message[0] = '\0';
    sm_status st = sm_client_new(options, &client, &err);
    if (st == SM_OK) {
        st = sm_list_secrets(client, NULL, &list, &err);
    }
    if (err != NULL) {
        snprintf(message, message_size, "%s", sm_error_message(err));
    }
    sm_secret_list_free(list);
    sm_client_free(client);
    sm_error_free(err);
    return st;
}

/* The older struct as it sits in a caller's memory, followed by what the newer layout reads as
 * max_response_bytes. */
struct framed_options {
    sm_client_options options;
    uint64_t trap;
};

int main(void) {
    char message[512];
    if (getenv("SM_ENDPOINT") == NULL || getenv("NCLOUD_ACCESS_KEY") == NULL) {
        fprintf(stderr, "old_layout_test: set SM_ENDPOINT, NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY\n");
        return 1;
    }
    printf("compat: library %s, older sm_client_options of %zu bytes\n", sm_version(), sizeof(sm_client_options));

    /* 1. Exactly the older size, on the heap. */
    sm_client_options *options = malloc(sizeof *options);
    EXPECT(options != NULL);
    if (options == NULL) {
        return 1;
    }
    EXPECT(sm_client_options_init(options, sizeof *options) == SM_OK);
    EXPECT(options->struct_size == sizeof *options);
    EXPECT(options->endpoint_preset != SM_ENDPOINT_URL && options->max_retries == -1);  /* the defaults */
    use_emulator(options);
    sm_status st = list_once(options, message, sizeof message);
    printf("compat: older layout served: %s\n", st == SM_OK ? "yes" : message);
    EXPECT(st == SM_OK);
    free(options);

    /* 2. The bytes after the older struct are not read. */
    struct framed_options frame;
    EXPECT(offsetof(struct framed_options, trap) == sizeof(sm_client_options));
    EXPECT(sm_client_options_init(&frame.options, sizeof frame.options) == SM_OK);
    use_emulator(&frame.options);
    frame.trap = 1; /* max_response_bytes = 1 if it were read */
    st = list_once(&frame.options, message, sizeof message);
    printf("compat: max_response_bytes took its default: %s\n", st == SM_OK ? "yes" : message);
    EXPECT(st == SM_OK);
    frame.options.struct_size = sizeof frame; /* control: now the newer layout covers the trap */
    st = list_once(&frame.options, message, sizeof message);
    printf("compat: control with the newer size: %s\n", sm_status_str(st));
    EXPECT(st == SM_TRANSPORT_ERROR);

    /* 3. Sizes out of range. */
    frame.options.struct_size = offsetof(sm_client_options, no_proxy);
    st = list_once(&frame.options, message, sizeof message);
    printf("compat: too small: %s\n", message);
    EXPECT(st == SM_INVALID_ARGUMENT && strstr(message, "struct_size") != NULL &&
           strstr(message, "smaller than") != NULL && strstr(message, "sm_client_options") != NULL);
    frame.options.struct_size = 4096;
    st = list_once(&frame.options, message, sizeof message);
    printf("compat: too large: %s\n", message);
    EXPECT(st == SM_INVALID_ARGUMENT && strstr(message, "is 4096") != NULL &&
           strstr(message, "older than the header") != NULL);
    EXPECT(sm_client_options_init(&frame.options, 4096) == SM_INVALID_ARGUMENT);

    if (failures != 0) {
        fprintf(stderr, "compat: %d failures\n", failures);
        return 1;
    }
    printf("compat: OK\n");
    return 0;
}
