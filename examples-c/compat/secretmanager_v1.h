/*
 * secretmanager_v1.h - a frozen, older layout of part of secretmanager.h, for the
 * compatibility test old_layout_test.c only. Never include it elsewhere, and never regenerate
 * it: it stands for a header that a program was compiled against before the structs grew.
 *
 * It declares sm_client_options as its first layout, before `max_response_bytes` was added,
 * and only the declarations the test uses, copied from secretmanager.h (whose ABI the library
 * keeps: the same function signatures, the same leading fields in the same order). A newer
 * library must serve a program built with it, `max_response_bytes` taking its default.
 */
#ifndef SECRETMANAGER_V1_H
#define SECRETMANAGER_V1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sm_status {
  SM_OK = 0,
  SM_INVALID_ARGUMENT = 1,
  SM_TRANSPORT_ERROR = 21,
} sm_status;

typedef struct sm_client sm_client;
typedef struct sm_error sm_error;
typedef struct sm_secret_list sm_secret_list;

typedef uint32_t sm_endpoint_preset;
#define SM_ENDPOINT_URL 0

/* The first layout of sm_client_options: it ends with `no_proxy`. */
typedef struct sm_client_options {
  size_t struct_size;
  sm_endpoint_preset endpoint_preset;
  const char *endpoint_url;
  const char *access_key;
  const char *secret_key;
  uint32_t connect_timeout_ms;
  uint32_t read_timeout_ms;
  uint32_t total_timeout_ms;
  int32_t max_retries;
  const char *user_agent;
  const char *proxy;
  bool no_proxy;
} sm_client_options;

const char *sm_version(void);
const char *sm_status_str(int status);
const char *sm_error_message(const struct sm_error *err);
void sm_error_free(struct sm_error *err);

enum sm_status sm_client_options_init(struct sm_client_options *options, size_t struct_size);
enum sm_status sm_client_new(const struct sm_client_options *options,
                             struct sm_client **out,
                             struct sm_error **err_out);
void sm_client_free(struct sm_client *client);

enum sm_status sm_list_secrets(const struct sm_client *client,
                               const uint32_t *page_no,
                               struct sm_secret_list **out,
                               struct sm_error **err_out);
size_t sm_secret_list_count(const struct sm_secret_list *list);
void sm_secret_list_free(struct sm_secret_list *list);

#endif /* SECRETMANAGER_V1_H */
