/*
 * peak_memory.c - one call through the C library against URL, for benches/memory.sh to measure
 * the peak memory of decoding one large answer: peak_memory URL tiny|chain|list|empty-items
 * (see memory_server.py).
 */
#include <secretmanager.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: peak_memory URL tiny|chain|list|empty-items\n");
        return 2;
    }
    sm_client_options options;
    if (sm_client_options_init(&options, sizeof options) != SM_OK) {
        fprintf(stderr, "client options: the library is older than secretmanager.h\n");
        return 1;
    }
    options.endpoint_preset = SM_ENDPOINT_URL;
    options.endpoint_url = argv[1];
    options.access_key = "AK";
    options.secret_key = "SK";
    options.no_proxy = true;
    sm_client *client = NULL;
    sm_error *err = NULL;
    int rc = 1;
    if (sm_client_new(&options, &client, &err) != SM_OK) {
        fprintf(stderr, "client: %s\n", sm_error_message(err));
        goto done;
    }
    if (strcmp(argv[2], "list") == 0 || strcmp(argv[2], "empty-items") == 0) {
        sm_secret_list *list = NULL;
        uint32_t page = strcmp(argv[2], "list") == 0 ? 1 : 2;
        if (sm_list_secrets(client, &page, &list, &err) != SM_OK) {
            printf("refused: %s\n", sm_error_message(err));
        } else {
            printf("%zu secrets\n", sm_secret_list_count(list));
        }
        sm_secret_list_free(list);
    } else {
        sm_secret_chain *chain = NULL;
        const char *id = strcmp(argv[2], "tiny") == 0 ? "tiny" : "big";
        if (sm_get_secret_value(client, id, &chain, &err) != SM_OK) {
            fprintf(stderr, "chain: %s\n", sm_error_message(err));
            goto done;
        }
        const char *active = sm_secret_chain_active(chain);
        printf("active of %zu bytes\n", active ? strlen(active) : 0);
        sm_secret_chain_free(chain);
    }
    rc = 0;
done:
    sm_error_free(err);
    sm_client_free(client);
    return rc;
}
