/*
 * create_rotate.c - one full NCP Secret Manager rotation through the C API.
 *
 * Steps: create a secret -> enable auto rotation -> execute a rotation -> find the job token
 * in the secret's logs -> start the rotation job -> add a PENDING stage -> complete the job ->
 * read the value chain and check that it shifted -> change the memo through the generic
 * sm_call entry point. Secret values are never printed.
 *
 * Environment:
 *   SM_ENDPOINT          base URL of the API, e.g. http://127.0.0.1:8080 (default: the KR
 *                        public endpoint https://secretmanager.apigw.ntruss.com)
 *   NCLOUD_ACCESS_KEY    access key   \ when both are unset the library reads its own
 *   NCLOUD_SECRET_KEY    secret key   / environment variables
 *   SM_TRIGGER_ID        id of a Cloud Functions trigger of type "Secret Manager" (required)
 *   SM_SECRET_NAME       name of the secret to create (default: "cr" + a random suffix)
 *
 * With the argument --handler-env, it finally executes one more rotation and prints
 * SECRET_ID=... and JOB_TOKEN=... lines: the two variables an NCP rotation function receives,
 * ready for rotation_handler.
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

/* Finds the job token of the newest "Execute Rotation Job" entry of the secret's logs.
 * Returns an owned copy (free with free()) or NULL. */
static char *find_job_token(const sm_client *client, const char *secret_id) {
    sm_secret_logs *logs = NULL;
    sm_error *err = NULL;
    char *token = NULL;
    const uint32_t page_no = 1, page_size = 20;
    sm_status st = sm_get_secret_logs(client, secret_id, "Execute Rotation Job", &page_no, &page_size, &logs, &err);
    if (st != SM_OK) {
        report("get secret logs", st, err);
        return NULL;
    }
    for (size_t i = 0; i < sm_secret_logs_count(logs) && token == NULL; i++) {
        const char *job_token = sm_secret_log_job_token(logs, i);
        if (job_token != NULL && job_token[0] != '\0') {
            size_t n = strlen(job_token) + 1;
            token = malloc(n);
            if (token != NULL) {
                memcpy(token, job_token, n);
            }
        }
    }
    sm_secret_logs_free(logs);
    return token;
}

/* Overwrites a secret copy with zeros, then frees it. */
static void wipe_free(char *s) {
    if (s != NULL) {
        for (volatile char *p = s; *p != '\0'; p++) {
            *p = '\0';
        }
        free(s);
    }
}

static int same_text(const char *a, const char *b) {
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

int main(int argc, char **argv) {
    int handler_env = argc > 1 && strcmp(argv[1], "--handler-env") == 0;
    const char *trigger_id = getenv("SM_TRIGGER_ID");
    if (trigger_id == NULL || trigger_id[0] == '\0') {
        fprintf(stderr, "SM_TRIGGER_ID is not set\n");
        return 1;
    }
    char name[16];
    const char *env_name = getenv("SM_SECRET_NAME");
    if (env_name != NULL && env_name[0] != '\0') {
        snprintf(name, sizeof name, "%s", env_name);
    } else {
        snprintf(name, sizeof name, "cr%06x", (unsigned)(time(NULL) ^ ((unsigned)getpid() << 8)) & 0xffffffu);
    }

    int ok = 0;
    sm_error *err = NULL;
    sm_status st;
    sm_client *client = NULL;
    sm_secret *secret = NULL;
    sm_rotation_settings *settings = NULL;
    sm_secret_chain *started = NULL;
    sm_secret_chain *chain = NULL;
    char *pending = NULL;
    char *job_token = NULL;
    char *old_active = NULL;

    sm_client_options options;
    if ((st = ncp_options_from_env(&options)) != SM_OK) {
        report("client options", st, NULL);
        goto done;
    }
    options.access_key = getenv("NCLOUD_ACCESS_KEY");
    options.secret_key = getenv("NCLOUD_SECRET_KEY");
    if ((st = sm_client_new(&options, &client, &err)) != SM_OK) {
        report("create client", st, err);
        goto done;
    }
    printf("secretmanager %s\n", sm_version());

    /* 1. Create the secret. */
    const char *targets[] = {"password"};
    sm_create_secret_request request;
    if ((st = sm_create_secret_request_init(&request, sizeof request)) != SM_OK) {
        report("create request", st, NULL);
        goto done;
    }
    request.secret_name = name;
    request.memo = "created by create_rotate.c";
    request.secret_value = "{\"user\":\"app\",\"password\":\"initial-Pa55word\"}";
    request.rotation_targets = targets;
    request.rotation_targets_count = 1;
    if ((st = sm_create_secret(client, &request, &secret, &err)) != SM_OK) {
        report("create secret", st, err);
        goto done;
    }
    const char *secret_id = sm_secret_id(secret);
    printf("step 1: created secret name=%s id=%s status=%s\n", sm_secret_name(secret), secret_id,
           sm_secret_status(secret) ? sm_secret_status(secret) : "?");

    /* 2. Enable auto rotation. */
    const uint32_t period_days = 30; /* a pointer: NULL would leave the period out */
    if ((st = sm_enable_auto_rotation(client, secret_id, &period_days, trigger_id, &settings, &err)) != SM_OK) {
        report("enable auto rotation", st, err);
        goto done;
    }
    printf("step 2: auto rotation enabled=%d period=%u days\n", sm_rotation_settings_enabled(settings),
           (unsigned)sm_rotation_settings_period_days(settings));

    /* 3. Execute a rotation now. */
    if ((st = sm_execute_rotation(client, secret_id, &err)) != SM_OK) {
        report("execute rotation", st, err);
        goto done;
    }
    printf("step 3: rotation executed\n");

    /* 4. The job token of that rotation is in the secret's logs. */
    job_token = find_job_token(client, secret_id);
    if (job_token == NULL) {
        fprintf(stderr, "no job token found in the logs\n");
        goto done;
    }
    printf("step 4: job token found in the logs (%zu characters, redacted)\n", strlen(job_token));

    /* 5. Start the rotation job: the chain and the rotation targets come back. */
    if ((st = sm_start_rotation_job(client, secret_id, job_token, &started, &err)) != SM_OK) {
        report("start rotation job", st, err);
        goto done;
    }
    const char *active = sm_secret_chain_active(started);
    if (active == NULL) {
        fprintf(stderr, "the started job has no ACTIVE value\n");
        goto done;
    }
    old_active = malloc(strlen(active) + 1);
    if (old_active == NULL) {
        goto done;
    }
    strcpy(old_active, active);
    printf("step 5: rotation job started: active=<redacted, %zu bytes> targets=%zu",
           strlen(active), sm_secret_chain_rotation_target_count(started));
    for (size_t i = 0; i < sm_secret_chain_rotation_target_count(started); i++) {
        printf(" %s", sm_secret_chain_rotation_target(started, i));
    }
    printf("\n");

    /* 6. Let the service generate the PENDING value of the rotation targets. */
    if ((st = sm_add_pending_stage(client, secret_id, job_token, &pending, &err)) != SM_OK) {
        report("add pending stage", st, err);
        goto done;
    }
    printf("step 6: pending stage added (<redacted, %zu bytes>)\n", strlen(pending));

    /* 7. Complete the job: PENDING becomes ACTIVE, ACTIVE becomes PREVIOUS. */
    if ((st = sm_complete_rotation_job(client, secret_id, job_token, &err)) != SM_OK) {
        report("complete rotation job", st, err);
        goto done;
    }
    printf("step 7: rotation job completed\n");

    /* 8. Read the chain back. */
    if ((st = sm_get_secret_value(client, secret_id, &chain, &err)) != SM_OK) {
        report("get secret value", st, err);
        goto done;
    }
    printf("step 8: chain previous=%s active=%s pending=%s\n",
           sm_secret_chain_previous(chain) ? "<redacted>" : "(none)",
           sm_secret_chain_active(chain) ? "<redacted>" : "(none)",
           sm_secret_chain_pending(chain) ? "<redacted>" : "(none)");
    int shifted = same_text(sm_secret_chain_previous(chain), old_active) &&
                  same_text(sm_secret_chain_active(chain), pending);
    printf("chain shifted: %s\n", shifted ? "yes" : "no");
    if (!shifted) {
        goto done;
    }

    /* 9. Every operation is also reachable by name, with its request and answer as JSON
     * (schemas/ncp.json describes them all). */
    char request_json[256];
    snprintf(request_json, sizeof request_json, "{\"secretId\":\"%s\",\"memo\":\"set through sm_call\"}",
             secret_id);
    char *answer = NULL;
    if ((st = sm_call(client, "UpdateSecretMemo", request_json, &answer, &err)) != SM_OK) {
        report("sm_call UpdateSecretMemo", st, err);
        goto done;
    }
    printf("step 9: sm_call UpdateSecretMemo answered %s\n", answer);
    sm_string_free(answer);

    if (handler_env) {
        /* One more rotation, left for rotation_handler to carry out. */
        wipe_free(job_token);
        job_token = NULL;
        if ((st = sm_execute_rotation(client, secret_id, &err)) != SM_OK) {
            report("execute rotation (for the handler)", st, err);
            goto done;
        }
        job_token = find_job_token(client, secret_id);
        if (job_token == NULL) {
            fprintf(stderr, "no job token found for the handler\n");
            goto done;
        }
        printf("SECRET_ID=%s\nJOB_TOKEN=%s\n", secret_id, job_token);
    }
    ok = 1;
    printf("create_rotate: OK\n");

done:
    sm_secret_chain_free(chain);
    sm_string_free(pending);
    sm_secret_chain_free(started);
    sm_rotation_settings_free(settings);
    sm_secret_free(secret);
    sm_client_free(client);
    wipe_free(job_token);
    wipe_free(old_active);
    return ok ? 0 : 1;
}
