/*
 * manage_huawei.c - secret management through the C API, then a Huawei CSMS rotation.
 *
 * NCP: create a secret -> read its ACTIVE stage -> set PENDING with Update Secret Value ->
 * set ACTIVE with Update Secret Stage Value -> change the memo -> disable it, and disable it
 * again (a wrong-state error) -> enable it -> change the rotation period -> list the
 * protection keys and the triggers -> request its deletion, cancel, request again -> delete.
 * Huawei: create a secret with a rotation function -> rotate it -> SYSCURRENT moves to the new
 * version and SYSPREVIOUS to the old one -> the old version still holds the first value.
 * Then a COMMON secret (no rotation function), rotated by writing a new version
 * (sm_huawei_create_secret_version) -> SYSCURRENT / SYSPREVIOUS move -> a binary version on a
 * custom stage leaves SYSCURRENT alone -> automatic rotation turned on with a period
 * (sm_huawei_update_secret), then off again.
 * Secret values are never printed.
 *
 * Environment:
 *   SM_ENDPOINT                      base URL of both APIs (e.g. the emulator's)
 *   NCLOUD_ACCESS_KEY / _SECRET_KEY  NCP keys
 *   SM_TRIGGER_ID                    an NCP rotation trigger id
 *   HUAWEI_ACCESS_KEY / _SECRET_KEY  Huawei AK/SK
 *   HUAWEI_PROJECT_ID                Huawei project id
 *   HUAWEI_ROTATION_FUNC_URN         URN of the FunctionGraph rotation function (optional)
 *
 * Exit status: 0 on success, 1 on any failure (the error is printed to stderr).
 */
#include <secretmanager.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "example_util.h"

static int ncp_part(const char *trigger_id) {
    int rc = 0;
    sm_error *err = NULL;
    sm_client *client = NULL;
    sm_secret *secret = NULL;
    sm_rotation_settings *settings = NULL;
    sm_protection_key_list *keys = NULL;
    sm_trigger_list *triggers = NULL;
    char *value = NULL;
    char *secret_id = NULL;
    sm_client_options options;
    CHECK("client options", ncp_options_from_env(&options));
    CHECK("create client", sm_client_new(&options, &client, &err));

    char name[16];
    CHECK("create secret", create_login_secret(client, "mg", name, &secret_id, &err));
    printf("ncp: created %s\n", name);

    CHECK("get stage value", sm_get_secret_stage_value(client, secret_id, SM_STAGE_ACTIVE, &value, &err));
    printf("ncp: active value of %zu bytes\n", strlen(value));
    EXPECT("the active value is the one created", strstr(value, "first-Pa55word") != NULL);
    sm_string_free(value);
    value = NULL;

    sm_secret_value_update update;
    CHECK("value update", sm_secret_value_update_init(&update, sizeof update));
    update.pending_action = SM_VALUE_SET;
    update.pending = "{\"user\":\"app\",\"password\":\"pending-Pa55word\"}";
    CHECK("update secret value", sm_update_secret_value(client, secret_id, &update, &err));
    CHECK("get pending", sm_get_secret_stage_value(client, secret_id, SM_STAGE_PENDING, &value, &err));
    printf("ncp: pending set: %s\n", strstr(value, "pending-Pa55word") != NULL ? "yes" : "no");
    EXPECT("the pending value is the one set", strstr(value, "pending-Pa55word") != NULL);
    sm_string_free(value);
    value = NULL;
    CHECK("update stage value", sm_update_secret_stage_value(client, secret_id, SM_STAGE_ACTIVE,
                                                             "{\"user\":\"app\",\"password\":\"second\"}", &err));
    CHECK("update memo", sm_update_secret_memo(client, secret_id, "managed from C", &err));
    CHECK("get detail", sm_get_secret_detail(client, secret_id, &secret, &err));
    printf("ncp: memo=%s\n", sm_secret_memo(secret) ? sm_secret_memo(secret) : "(none)");
    EXPECT("the memo is the one set", sm_secret_memo(secret) && strcmp(sm_secret_memo(secret), "managed from C") == 0);
    sm_secret_free(secret);
    secret = NULL;

    CHECK("disable", sm_disable_secret(client, secret_id, &err));
    sm_status st = sm_disable_secret(client, secret_id, &err);
    printf("ncp: disabling twice: %s HTTP %u code %s\n", sm_status_str(st), (unsigned)sm_error_http_status(err),
           sm_error_code(err) ? sm_error_code(err) : "(none)");
    EXPECT("disabling twice is refused as a wrong state", st == SM_INVALID_STATE && sm_error_http_status(err) == 422);
    sm_error_free(err);
    err = NULL;
    CHECK("enable", sm_enable_secret(client, secret_id, &err));

    const uint32_t period = 45;
    CHECK("enable auto rotation", sm_enable_auto_rotation(client, secret_id, &period, trigger_id, &settings, &err));
    sm_rotation_settings_free(settings);
    settings = NULL;
    CHECK("update rotation period", sm_update_rotation_period(client, secret_id, 90, &settings, &err));
    printf("ncp: rotation period %u days\n", sm_rotation_settings_period_days(settings));
    EXPECT("the rotation period is the one set", sm_rotation_settings_period_days(settings) == 90);
    st = sm_update_rotation_period(client, secret_id, 0, NULL, &err);
    printf("ncp: period 0 rejected: %s\n", st == SM_INVALID_ARGUMENT ? "yes" : "no");
    EXPECT("a period of 0 days is an invalid argument", st == SM_INVALID_ARGUMENT);
    sm_error_free(err);
    err = NULL;

    CHECK("get protection keys", sm_get_protection_key_list(client, &keys, &err));
    CHECK("get triggers", sm_get_trigger_list(client, &triggers, &err));
    printf("ncp: %zu protection keys, %zu triggers\n", sm_protection_key_list_count(keys),
           sm_trigger_list_count(triggers));

    sm_rotation_settings_free(settings);
    settings = NULL;
    CHECK("disable auto rotation", sm_disable_auto_rotation(client, secret_id, &settings, &err));
    CHECK("request deletion", sm_request_secret_deletion(client, secret_id, &err));
    CHECK("cancel deletion", sm_cancel_secret_deletion(client, secret_id, &err));
    CHECK("request deletion again", sm_request_secret_deletion(client, secret_id, &err));
    CHECK("delete", sm_delete_secret(client, secret_id, &err));
    printf("ncp: deleted\n");

done:
    sm_string_free(value);
    sm_secret_free(secret);
    sm_rotation_settings_free(settings);
    sm_protection_key_list_free(keys);
    sm_trigger_list_free(triggers);
    sm_client_free(client);
    free(secret_id);
    return rc;
}

/* A COMMON secret has no rotation function: the caller rotates it by writing a new version. */
static int huawei_common_part(sm_huawei_client *client) {
    int rc = 0;
    sm_error *err = NULL;
    sm_huawei_secret *secret = NULL;
    char *first = NULL, *second = NULL, *current = NULL, *previous = NULL, *value = NULL;
    char *binary_version = NULL, *blue = NULL, *still_current = NULL;
    /* Heap-allocated at its exact size, so that valgrind sees any read past it. */
    uint8_t *binary = malloc(4);
    if (binary == NULL) {
        return 1;
    }
    binary[0] = 0x00;
    binary[1] = 0x01;
    binary[2] = 0xfe;
    binary[3] = 0xff;

    char name[16];
    snprintf(name, sizeof name, "hc%06x", (unsigned)(time(NULL) ^ ((unsigned)getpid() << 8)) & 0xffffffu);
    sm_huawei_create_secret_request create;
    CHECK("create request", sm_huawei_create_secret_request_init(&create, sizeof create));
    create.name = name;
    create.secret_string = "{\"password\":\"common-Pa55word\"}";
    create.secret_type = "COMMON";
    CHECK("create COMMON secret", sm_huawei_create_secret(client, &create, &secret, &err));
    sm_huawei_secret_free(secret);
    secret = NULL;
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &first, &err));

    /* Rotate: a new version, with no stages given, becomes SYSCURRENT. */
    sm_huawei_create_secret_version_request version;
    CHECK("version request", sm_huawei_create_secret_version_request_init(&version, sizeof version));
    version.secret_name = name;
    version.secret_string = "{\"password\":\"rotated-Pa55word\"}";
    CHECK("create secret version", sm_huawei_create_secret_version(client, &version, &second, &err));
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &current, &err));
    CHECK("show SYSPREVIOUS", sm_huawei_show_secret_stage(client, name, "SYSPREVIOUS", &previous, &err));
    printf("huawei: common secret rotated %s -> %s; SYSCURRENT=%s SYSPREVIOUS=%s\n", first, second, current,
           previous);
    EXPECT("SYSCURRENT is the version written", strcmp(current, second) == 0);
    EXPECT("SYSPREVIOUS is the first version", strcmp(previous, first) == 0);
    CHECK("show new version", sm_huawei_show_secret_version(client, name, second, &value, &err));
    printf("huawei: new version holds the new value: %s\n", strstr(value, "rotated-Pa55word") != NULL ? "yes" : "no");
    EXPECT("the new version holds the new value", strstr(value, "rotated-Pa55word") != NULL);

    /* A binary value on a custom stage only: SYSCURRENT stays where it is. */
    const char *stages[] = {"blue"};
    CHECK("version request", sm_huawei_create_secret_version_request_init(&version, sizeof version));
    version.secret_name = name;
    version.secret_binary = binary;
    version.secret_binary_len = 4;
    version.version_stages = stages;
    version.version_stages_count = 1;
    CHECK("create binary version", sm_huawei_create_secret_version(client, &version, &binary_version, &err));
    CHECK("show blue", sm_huawei_show_secret_stage(client, name, "blue", &blue, &err));
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &still_current, &err));
    printf("huawei: binary version %s staged blue=%s; SYSCURRENT=%s\n", binary_version, blue, still_current);
    EXPECT("blue is the binary version", strcmp(blue, binary_version) == 0);
    EXPECT("SYSCURRENT did not move", strcmp(still_current, second) == 0);

    /* Turn automatic rotation on with a period, then off (the period is kept). */
    sm_huawei_update_secret_request update;
    CHECK("update request", sm_huawei_update_secret_request_init(&update, sizeof update));
    update.secret_name = name;
    update.auto_rotation = SM_AUTO_ROTATION_ON;
    update.rotation_period = "30d";
    update.description = "rotated by new versions";
    CHECK("update secret", sm_huawei_update_secret(client, &update, &secret, &err));
    const char *period = sm_huawei_secret_rotation_period(secret);
    printf("huawei: auto rotation=%d period=%s next rotation scheduled: %s\n",
           (int)sm_huawei_secret_auto_rotation(secret), period ? period : "(none)",
           sm_huawei_secret_next_rotation_time_ms(secret) > 0 ? "yes" : "no");
    EXPECT("automatic rotation is on", sm_huawei_secret_auto_rotation(secret) == 1);
    EXPECT("the period is the one set", period != NULL && strcmp(period, "30d") == 0);
    EXPECT("the description is the one set", sm_huawei_secret_description(secret) != NULL &&
                                                  strcmp(sm_huawei_secret_description(secret),
                                                         "rotated by new versions") == 0);
    sm_huawei_secret_free(secret);
    secret = NULL;
    CHECK("update request", sm_huawei_update_secret_request_init(&update, sizeof update));
    update.secret_name = name;
    update.auto_rotation = SM_AUTO_ROTATION_OFF;
    CHECK("update secret", sm_huawei_update_secret(client, &update, &secret, &err));
    period = sm_huawei_secret_rotation_period(secret);
    printf("huawei: auto rotation=%d period=%s\n", (int)sm_huawei_secret_auto_rotation(secret),
           period ? period : "(none)");
    EXPECT("automatic rotation is off", sm_huawei_secret_auto_rotation(secret) == 0);

done:
    sm_huawei_secret_free(secret);
    sm_string_free(first);
    sm_string_free(second);
    sm_string_free(current);
    sm_string_free(previous);
    sm_string_free(value);
    sm_string_free(binary_version);
    sm_string_free(blue);
    sm_string_free(still_current);
    free(binary);
    return rc;
}

static int huawei_part(void) {
    int rc = 0;
    sm_error *err = NULL;
    sm_huawei_client *client = NULL;
    sm_huawei_secret *secret = NULL;
    sm_huawei_rotation *rotation = NULL;
    sm_huawei_task_list *tasks = NULL;
    char *first = NULL, *current = NULL, *previous = NULL, *old_value = NULL;
    sm_huawei_client_options options;
    CHECK("Huawei client options", sm_huawei_client_options_init(&options, sizeof options));
    options.endpoint_url = getenv("SM_ENDPOINT");
    options.project_id = getenv("HUAWEI_PROJECT_ID");
    options.access_key = getenv("HUAWEI_ACCESS_KEY");
    options.secret_key = getenv("HUAWEI_SECRET_KEY");
    CHECK("create Huawei client", sm_huawei_client_new(&options, &client, &err));

    char name[16];
    snprintf(name, sizeof name, "hw%06x", (unsigned)(time(NULL) ^ ((unsigned)getpid() << 8)) & 0xffffffu);
    const char *urn = getenv("HUAWEI_ROTATION_FUNC_URN");
    sm_huawei_create_secret_request request;
    CHECK("create request", sm_huawei_create_secret_request_init(&request, sizeof request));
    request.name = name;
    request.secret_string = "{\"password\":\"first-Pa55word\"}";
    request.description = "rotated from C";
    request.rotation_func_urn =
        urn != NULL ? urn : "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate";
    CHECK("create secret", sm_huawei_create_secret(client, &request, &secret, &err));
    printf("huawei: created %s state=%s\n", sm_huawei_secret_name(secret),
           sm_huawei_secret_state(secret) ? sm_huawei_secret_state(secret) : "?");
    EXPECT("the created secret has its name", strcmp(sm_huawei_secret_name(secret), name) == 0);
    EXPECT("the created secret is enabled",
           sm_huawei_secret_state(secret) && strcmp(sm_huawei_secret_state(secret), "ENABLED") == 0);
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &first, &err));
    CHECK("rotate", sm_huawei_rotate_secret(client, name, &rotation, &err));
    const char *second = sm_huawei_rotation_version_id(rotation);
    const char *task_id = sm_huawei_rotation_task_id(rotation);
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &current, &err));
    CHECK("show SYSPREVIOUS", sm_huawei_show_secret_stage(client, name, "SYSPREVIOUS", &previous, &err));
    printf("huawei: rotated %s -> %s; SYSCURRENT=%s SYSPREVIOUS=%s\n", first, second ? second : "?", current,
           previous);
    EXPECT("SYSCURRENT is the new version", second != NULL && strcmp(current, second) == 0);
    EXPECT("SYSPREVIOUS is the first version", strcmp(previous, first) == 0);
    EXPECT("the rotation made a new version", strcmp(current, first) != 0);
    /* The rotation's outcome: look its task up by id. */
    if (task_id == NULL) {
        fprintf(stderr, "the rotation named no task\n");
        rc = 1;
        goto done;
    }
    CHECK("list secret tasks", sm_huawei_list_secret_tasks(client, NULL, NULL, task_id, NULL, NULL, &tasks, &err));
    if (sm_huawei_task_list_count(tasks) != 1) {
        fprintf(stderr, "task %s: %zu tasks found\n", task_id, sm_huawei_task_list_count(tasks));
        rc = 1;
        goto done;
    }
    const char *status = sm_huawei_task_status(tasks, 0);
    const char *error_message = sm_huawei_task_error_message(tasks, 0);
    printf("huawei: rotation task %s status=%s attempts=%lld%s%s\n", sm_huawei_task_id(tasks, 0),
           status ? status : "?", (long long)sm_huawei_task_attempt_count(tasks, 0),
           error_message ? " error=" : "", error_message ? error_message : "");
    EXPECT("the rotation task succeeded", status != NULL && strcmp(status, "SUCCESS") == 0);
    CHECK("show old version", sm_huawei_show_secret_version(client, name, first, &old_value, &err));
    printf("huawei: old version kept: %s\n", strstr(old_value, "first-Pa55word") != NULL ? "yes" : "no");
    EXPECT("the old version keeps its value", strstr(old_value, "first-Pa55word") != NULL);
    if (huawei_common_part(client) != 0) {
        rc = 1;
    }

done:
    sm_string_free(first);
    sm_huawei_task_list_free(tasks);
    sm_huawei_rotation_free(rotation);
    sm_string_free(current);
    sm_string_free(previous);
    sm_string_free(old_value);
    sm_huawei_secret_free(secret);
    sm_huawei_client_free(client);
    return rc;
}

int main(void) {
    const char *trigger_id = getenv("SM_TRIGGER_ID");
    if (trigger_id == NULL || trigger_id[0] == '\0') {
        fprintf(stderr, "SM_TRIGGER_ID is not set\n");
        return 1;
    }
    /* Both parts run, so that every failed check is reported; any failure fails the program. */
    int ncp_rc = ncp_part(trigger_id);
    int huawei_rc = huawei_part();
    if (ncp_rc != 0 || huawei_rc != 0) {
        return 1;
    }
    printf("manage_huawei: OK\n");
    return 0;
}
