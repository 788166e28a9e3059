/*
 * rotate_common_huawei.c - the user-driven rotation of a Huawei CSMS COMMON secret, the flow
 * NCP users get from rotation jobs, with sm_huawei_rotate_common:
 *
 *   1. a COMMON secret is created with a first password;
 *   2. rotated to a random password (GenerateRandomPassword): apply() receives it while
 *      SYSCURRENT still holds the first one, "sets it on the database", and the library then
 *      moves SYSCURRENT to it and SYSPREVIOUS to the former version;
 *   3. rotated to a value the caller builds (produce() writes a JSON object);
 *   4. a rotation whose apply() fails: the pending stage is dropped and SYSCURRENT never
 *      moves, so readers never lose the current value;
 *   5. every version is listed page by page (sm_huawei_call + sm_huawei_next_page).
 *
 * Secret values are never printed: only their lengths and whether they match.
 *
 * Environment:
 *   SM_ENDPOINT                      base URL of the API (e.g. the emulator's)
 *   HUAWEI_ACCESS_KEY / _SECRET_KEY  Huawei AK/SK
 *   HUAWEI_PROJECT_ID                Huawei project id
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

/* What the "target system" (a database, in a real rotation function) learned. */
struct target {
    sm_huawei_client *client;
    const char *secret_name;
    char password[512];       /* the value applied last */
    int current_still_served; /* SYSCURRENT still pointed at the old version during apply() */
    int refuse;               /* apply() fails, as a database refusing the password would */
};

/* apply(): "sets" the new value on the target system. The library has stored it as a new
 * version under the pending stage only; SYSCURRENT has not moved yet. */
static int apply(void *user_data, const char *secret_name, const char *current_value, const char *version_id,
                 const char *new_value) {
    struct target *target = user_data;
    if (target->refuse) {
        return 3; /* any nonzero value fails the rotation at SM_HUAWEI_ROTATION_STEP_APPLY */
    }
    char *current_version = NULL;
    sm_error *err = NULL;
    if (sm_huawei_show_secret_stage(target->client, secret_name, "SYSCURRENT", &current_version, &err) != SM_OK) {
        sm_error_free(err);
        return 2;
    }
    target->current_still_served = strcmp(current_version, version_id) != 0;
    sm_string_free(current_version);
    if (current_value != NULL && strcmp(current_value, new_value) == 0) {
        return 4; /* a rotation must change the value */
    }
    snprintf(target->password, sizeof target->password, "%s", new_value);
    return 0;
}

/* produce(): builds the next value from the current one; here a JSON object with a password
 * derived from the time (a real one would draw it from a CSPRNG or GenerateRandomPassword). */
static int produce(void *user_data, const char *current_value, sm_value_sink *sink) {
    (void)user_data;
    (void)current_value;
    char value[128];
    snprintf(value, sizeof value, "{\"user\":\"app\",\"password\":\"built-%lx-Pa55\"}", (unsigned long)time(NULL));
    sm_error *err = NULL;
    if (sm_value_sink_set(sink, value, &err) != SM_OK) {
        sm_error_free(err);
        return 1;
    }
    return 0;
}

/* Version `version_id` of `name` with its value, as JSON, through the generic entry point;
 * NULL on failure. */
static char *version_json(sm_huawei_client *client, const char *name, const char *version_id) {
    char request[160];
    snprintf(request, sizeof request, "{\"secret_name\":\"%s\",\"version_id\":\"%s\"}", name, version_id);
    char *answer = NULL;
    sm_error *err = NULL;
    if (sm_huawei_call(client, "ShowSecretVersion", request, &answer, &err) != SM_OK) {
        sm_error_free(err);
        return NULL;
    }
    return answer;
}

int main(void) {
    int rc = 0;
    sm_error *err = NULL;
    sm_huawei_client *client = NULL;
    sm_huawei_secret *secret = NULL;
    char *first = NULL, *version = NULL, *current = NULL, *previous = NULL, *answer = NULL;
    char *page = NULL, *position = NULL, *kept = NULL;

    sm_huawei_client_options options;
    CHECK("client options", sm_huawei_client_options_init(&options, sizeof options));
    options.endpoint_url = getenv("SM_ENDPOINT");
    options.project_id = getenv("HUAWEI_PROJECT_ID");
    options.access_key = getenv("HUAWEI_ACCESS_KEY");
    options.secret_key = getenv("HUAWEI_SECRET_KEY");
    CHECK("create client", sm_huawei_client_new(&options, &client, &err));

    /* 1. A COMMON secret with a first password. */
    char name[16];
    snprintf(name, sizeof name, "rc%06x", (unsigned)(time(NULL) ^ ((unsigned)getpid() << 8)) & 0xffffffu);
    sm_huawei_create_secret_request create;
    CHECK("create request", sm_huawei_create_secret_request_init(&create, sizeof create));
    create.name = name;
    create.secret_string = "first-Pa55word";
    create.secret_type = "COMMON";
    CHECK("create secret", sm_huawei_create_secret(client, &create, &secret, &err));
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &first, &err));
    printf("created %s at %s\n", name, first);

    /* 2. A random password of 24 characters. */
    struct target target = {client, name, "", 0, 0};
    sm_huawei_rotation_options rotation;
    CHECK("rotation options", sm_huawei_rotation_options_init(&rotation, sizeof rotation));
    rotation.password_length = 24;
    sm_huawei_rotation_step step = SM_HUAWEI_ROTATION_STEP_NONE;
    CHECK("rotate to a random password",
          sm_huawei_rotate_common(client, name, &rotation, apply, &target, &version, &step, &err));
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &current, &err));
    CHECK("show SYSPREVIOUS", sm_huawei_show_secret_stage(client, name, "SYSPREVIOUS", &previous, &err));
    printf("random: %s -> %s; SYSCURRENT=%s SYSPREVIOUS=%s; applied %zu characters\n", first, version, current,
           previous, strlen(target.password));
    EXPECT("SYSCURRENT is the new version", strcmp(current, version) == 0);
    EXPECT("SYSPREVIOUS is the first version", strcmp(previous, first) == 0);
    EXPECT("readers kept the first value while apply ran", target.current_still_served);
    EXPECT("a password of 24 characters was applied", strlen(target.password) == 24);
    answer = version_json(client, name, current);
    EXPECT("SYSCURRENT holds the applied password", answer != NULL && strstr(answer, target.password) != NULL);
    printf("random: SYSCURRENT holds the applied value: %s\n", answer && strstr(answer, target.password) ? "yes" : "no");
    sm_string_free(answer);
    answer = NULL;
    sm_string_free(version);
    sm_string_free(current);
    sm_string_free(previous);
    version = current = previous = NULL;

    /* 3. A value the caller builds, under a pending stage of its own. */
    rotation.password_length = 0;
    rotation.produce = produce;
    rotation.pending_stage = "STAGED";
    CHECK("rotate to a built value",
          sm_huawei_rotate_common(client, name, &rotation, apply, &target, &version, &step, &err));
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &current, &err));
    EXPECT("SYSCURRENT is the built version", strcmp(current, version) == 0);
    answer = version_json(client, name, current);
    sm_string_free(current);
    current = NULL;
    EXPECT("SYSCURRENT holds the built value", answer != NULL && strstr(answer, "built-") != NULL);
    printf("built: now %s, a JSON object of %zu bytes\n", version, strlen(target.password));
    sm_string_free(answer);
    answer = NULL;

    /* 4. apply() fails: nothing the readers see moves. */
    target.refuse = 1;
    kept = version;
    version = NULL;
    sm_status st = sm_huawei_rotate_common(client, name, &rotation, apply, &target, &version, &step, &err);
    printf("refused: status=%s step=%u message=%s\n", sm_status_str(st), step, err ? sm_error_message(err) : "");
    EXPECT("a refused apply fails the rotation", st == SM_UNKNOWN_ERROR && step == SM_HUAWEI_ROTATION_STEP_APPLY);
    EXPECT("the error says SYSCURRENT is unchanged",
           err != NULL && strstr(sm_error_message(err), "SYSCURRENT is unchanged") != NULL);
    sm_error_free(err);
    err = NULL;
    CHECK("show SYSCURRENT", sm_huawei_show_secret_stage(client, name, "SYSCURRENT", &current, &err));
    EXPECT("SYSCURRENT did not move", strcmp(current, kept) == 0);
    printf("refused: SYSCURRENT still %s: %s\n", current, strcmp(current, kept) == 0 ? "yes" : "no");

    /* 5. Every version, two per page: set the page field to the position and call again. */
    char request[256];
    snprintf(request, sizeof request, "{\"secret_name\":\"%s\",\"limit\":2}", name);
    int pages = 0, more = 0;
    do {
        CHECK("list versions", sm_huawei_call(client, "ListSecretVersions", request, &page, &err));
        CHECK("next page", sm_huawei_next_page("ListSecretVersions", request, page, &position, &err));
        pages++;
        more = position != NULL;
        if (more) {
            snprintf(request, sizeof request, "{\"secret_name\":\"%s\",\"limit\":2,\"marker\":%s}", name, position);
        }
        sm_string_free(page);
        sm_string_free(position);
        page = position = NULL;
    } while (more && pages < 100);
    printf("versions listed in %d pages\n", pages);
    EXPECT("four versions make two pages of two", pages == 2);

    printf(rc == 0 ? "rotate_common_huawei: OK\n" : "rotate_common_huawei: FAILED\n");
done:
    sm_string_free(first);
    sm_string_free(kept);
    sm_string_free(version);
    sm_string_free(current);
    sm_string_free(previous);
    sm_string_free(answer);
    sm_string_free(page);
    sm_huawei_secret_free(secret);
    sm_huawei_client_free(client);
    return rc;
}
