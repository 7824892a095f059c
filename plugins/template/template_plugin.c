/*
 * Minimal venue plugin written against cohort_plugin.h alone. It proves the header suffices:
 * it connects to one WebSocket URL from its config, echoes a subscription, reports every frame
 * it cannot understand as COHORT_E_PARSE and rejects every order intent as unsupported.
 * Copy this file to start a C plugin. Build:
 *   cc -std=c11 -shared -fPIC -I ../include/include template_plugin.c -o libCohortTemplate.so
 */
#include "cohort_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cohort_plugin_instance {
    const cohort_host_api *host;
    char url[512];
    size_t url_len;
};

static void set_error(cohort_error *err, int32_t code, const char *message) {
    if (err == NULL) return;
    err->code = code;
    if (err->message != NULL && err->cap > 0) snprintf(err->message, err->cap, "%s", message);
}

/* Extracts the string value of "url" from the config JSON (flat object expected). */
static int find_url(cohort_bytes config, char *out, size_t cap, size_t *out_len) {
    const char *key = "\"url\"";
    size_t key_len = strlen(key);
    for (size_t i = 0; i + key_len < config.len; i++) {
        if (memcmp(config.ptr + i, key, key_len) != 0) continue;
        size_t j = i + key_len;
        while (j < config.len && (config.ptr[j] == ' ' || config.ptr[j] == ':')) j++;
        if (j >= config.len || config.ptr[j] != '"') return 0;
        size_t start = ++j;
        while (j < config.len && config.ptr[j] != '"') j++;
        if (j >= config.len || j - start >= cap) return 0;
        memcpy(out, config.ptr + start, j - start);
        *out_len = j - start;
        return 1;
    }
    return 0;
}

static int32_t t_create(const cohort_host_api *host, cohort_bytes config, cohort_plugin_instance **out,
                        cohort_error *err) {
    if (host == NULL || out == NULL) { set_error(err, COHORT_E_INVALID_ARGUMENT, "create: null host or out"); return COHORT_E_INVALID_ARGUMENT; }
    if (host->abi_version != COHORT_PLUGIN_ABI_VERSION) { set_error(err, COHORT_E_ABI_MISMATCH, "create: host ABI version differs"); return COHORT_E_ABI_MISMATCH; }
    cohort_plugin_instance *p = calloc(1, sizeof *p);
    if (p == NULL) { set_error(err, COHORT_E_INTERNAL, "create: out of memory"); return COHORT_E_INTERNAL; }
    p->host = host;
    if (!find_url(config, p->url, sizeof p->url, &p->url_len)) {
        free(p);
        set_error(err, COHORT_E_INVALID_ARGUMENT, "create: config needs a string \"url\" shorter than 512 bytes");
        return COHORT_E_INVALID_ARGUMENT;
    }
    *out = p;
    return COHORT_OK;
}

static void t_destroy(cohort_plugin_instance *p) { free(p); }

static int32_t t_start(cohort_plugin_instance *p, cohort_error *err) {
    (void)err;
    cohort_bytes url = { (const uint8_t *)p->url, p->url_len };
    return p->host->ws_connect(p->host->ctx, 1, url);
}

static int32_t t_on_ws_open(cohort_plugin_instance *p, uint32_t id, cohort_error *err) {
    (void)err;
    static const char sub[] = "{\"method\":\"subscribe\"}";
    cohort_bytes frame = { (const uint8_t *)sub, sizeof sub - 1 };
    return p->host->ws_send(p->host->ctx, id, frame);
}

static int32_t t_on_ws_frame(cohort_plugin_instance *p, uint32_t id, cohort_bytes frame, int64_t ts,
                             cohort_error *err) {
    (void)id; (void)ts;
    static const char msg[] = "template plugin: frame not understood";
    cohort_bytes m = { (const uint8_t *)msg, sizeof msg - 1 };
    p->host->log(p->host->ctx, COHORT_LOG_DEBUG, m);
    (void)frame;
    set_error(err, COHORT_E_PARSE, msg);
    return COHORT_E_PARSE;
}

static int32_t t_on_ws_closed(cohort_plugin_instance *p, uint32_t id, cohort_bytes reason, cohort_error *err) {
    (void)p; (void)id; (void)reason; (void)err;
    return COHORT_OK;
}

static int32_t t_on_http_response(cohort_plugin_instance *p, uint64_t request_id, int32_t status,
                                  cohort_bytes body, int64_t ts, cohort_error *err) {
    (void)p; (void)request_id; (void)status; (void)body; (void)ts;
    set_error(err, COHORT_E_UNSUPPORTED, "template plugin sends no HTTP requests");
    return COHORT_E_UNSUPPORTED;
}

static int32_t t_submit(cohort_plugin_instance *p, const cohort_order_intent *intent, cohort_error *err) {
    (void)p; (void)intent;
    set_error(err, COHORT_E_UNSUPPORTED, "template plugin does not trade");
    return COHORT_E_UNSUPPORTED;
}

static int32_t t_on_timer(cohort_plugin_instance *p, int64_t now, cohort_error *err) {
    (void)p; (void)now; (void)err;
    return COHORT_OK;
}

static const cohort_plugin_descriptor descriptor = {
    .struct_size = sizeof(cohort_plugin_descriptor),
    .abi_version = COHORT_PLUGIN_ABI_VERSION,
    .name = "template",
    .version = "0.1.0",
    .capabilities = 0,
    .order_types = 0,
    .rate_limits = NULL,
    .rate_limit_count = 0,
};

static const cohort_plugin_api api = {
    .struct_size = sizeof(cohort_plugin_api),
    .descriptor = &descriptor,
    .create = t_create,
    .destroy = t_destroy,
    .start = t_start,
    .on_ws_open = t_on_ws_open,
    .on_ws_frame = t_on_ws_frame,
    .on_ws_closed = t_on_ws_closed,
    .on_http_response = t_on_http_response,
    .submit = t_submit,
    .on_timer = t_on_timer,
};

__attribute__((visibility("default")))
const cohort_plugin_api *cohort_plugin_entry(uint32_t host_abi_version) {
    return host_abi_version == COHORT_PLUGIN_ABI_VERSION ? &api : NULL;
}
