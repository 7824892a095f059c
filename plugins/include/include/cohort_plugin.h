/*
 * cohort_plugin.h - the whole ABI between the Cohort host and a venue plugin.
 *
 * Rules
 *  - Plain C only. Every buffer crosses as (pointer, length); strings are UTF-8 and are NOT
 *    NUL-terminated unless a field says so. Pointers handed to a callee are valid only for the
 *    duration of that call; copy what you keep.
 *  - Fixed-point numbers cross as int64 raw values at the core's scales:
 *      price    = raw * 1e-9   (COHORT_PRICE_SCALE)
 *      quantity = raw * 1e-8   (COHORT_QTY_SCALE)
 *      money    = raw * 1e-9   (COHORT_MONEY_SCALE)
 *    No binary floating point crosses the boundary.
 *  - Errors are a cohort_status code plus a message written into a caller-owned cohort_error.
 *  - The plugin never sees key material or sockets. It asks the host to connect, send, sign and
 *    hash; the host calls the plugin back with frames and responses. All calls on one plugin
 *    instance are serialized by the host (a plugin needs no locks of its own).
 *  - A plugin exports exactly one symbol: COHORT_PLUGIN_ENTRY_SYMBOL ("cohort_plugin_entry").
 *  - Versioning: the major version must match exactly; a host refuses a plugin whose
 *    abi_version differs from its COHORT_PLUGIN_ABI_VERSION. Structs carry struct_size so
 *    minor additions can be appended at the end.
 */
#ifndef COHORT_PLUGIN_H
#define COHORT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COHORT_PLUGIN_ABI_VERSION 1u
#define COHORT_PLUGIN_ENTRY_SYMBOL "cohort_plugin_entry"

#define COHORT_PRICE_SCALE 1000000000LL
#define COHORT_QTY_SCALE 100000000LL
#define COHORT_MONEY_SCALE 1000000000LL

/* ---------- basic types ---------- */

typedef struct cohort_bytes {
    const uint8_t *ptr;
    size_t len;
} cohort_bytes;

/* Output buffer owned by the caller: the callee writes at most cap bytes and sets *len. If the
 * buffer is too small the callee returns COHORT_E_BUFFER_TOO_SMALL and sets *len to the size needed. */
typedef struct cohort_out_buffer {
    uint8_t *ptr;
    size_t cap;
    size_t *len;
} cohort_out_buffer;

typedef enum cohort_status {
    COHORT_OK = 0,
    COHORT_E_INVALID_ARGUMENT = 1,
    COHORT_E_PARSE = 2,            /* frame/response is not what the venue documents */
    COHORT_E_UNSUPPORTED = 3,      /* capability or order type not offered */
    COHORT_E_BUFFER_TOO_SMALL = 4,
    COHORT_E_UNKNOWN_KEY = 5,      /* named key not configured on the host */
    COHORT_E_SIGNING = 6,
    COHORT_E_SEQUENCE_GAP = 7,     /* book lost sync; a resync was requested */
    COHORT_E_CHECKSUM = 8,         /* book checksum mismatch; a resync was requested */
    COHORT_E_VENUE = 9,            /* venue returned an error (see the reject event) */
    COHORT_E_ABI_MISMATCH = 10,
    COHORT_E_NOT_READY = 11,       /* e.g. instrument rules not loaded yet */
    COHORT_E_IO = 12,
    COHORT_E_INTERNAL = 99
} cohort_status;

/* Caller-owned error slot; the callee fills message (truncated to cap, NUL-terminated). */
typedef struct cohort_error {
    int32_t code;      /* a cohort_status */
    char *message;     /* what, where, why */
    size_t cap;
} cohort_error;

typedef enum cohort_log_level {
    COHORT_LOG_TRACE = 0, COHORT_LOG_DEBUG = 1, COHORT_LOG_INFO = 2,
    COHORT_LOG_WARN = 3, COHORT_LOG_ERROR = 4
} cohort_log_level;

/* ---------- signing and hashing (host side; the plugin names the key, never holds it) ---------- */

typedef enum cohort_sign_algorithm {
    COHORT_SIGN_HMAC_SHA256 = 1,          /* Binance: 32-byte MAC */
    COHORT_SIGN_HMAC_SHA512 = 2,          /* Kraken: 64-byte MAC (key is base64-decoded by the host) */
    COHORT_SIGN_ECDSA_P256_SHA256 = 3,    /* Coinbase JWT ES256: 64-byte r||s (JOSE form) */
    COHORT_SIGN_ED25519 = 4,              /* Binance Ed25519 keys, Coinbase EdDSA JWT: 64 bytes */
    COHORT_SIGN_SECP256K1_RECOVERABLE = 5,/* Hyperliquid EIP-712, dYdX: input is a 32-byte digest;
                                             output 65 bytes r||s||v (v = 0/1 recovery id) */
    COHORT_SIGN_SECP256K1_COMPACT = 6     /* Cosmos (dYdX) tx: input is a 32-byte SHA-256 digest,
                                             output 64 bytes r||s, low-S */
} cohort_sign_algorithm;

typedef enum cohort_hash_algorithm {
    COHORT_HASH_SHA256 = 1, COHORT_HASH_SHA512 = 2, COHORT_HASH_KECCAK256 = 3
} cohort_hash_algorithm;

/* Non-secret identifiers the plugin may read (they go into headers, JWT claims, addresses). */
typedef enum cohort_credential_field {
    COHORT_CRED_API_KEY_ID = 1,   /* e.g. Binance X-MBX-APIKEY, Kraken API-Key, Coinbase key name */
    COHORT_CRED_PUBLIC_KEY = 2,   /* raw public key bytes */
    COHORT_CRED_ADDRESS = 3,      /* e.g. 0x… wallet address, dydx1… bech32 address */
    COHORT_CRED_PASSPHRASE_ID = 4 /* venue sub-account / vault identifier */
} cohort_credential_field;

/* ---------- transport requests (the host performs all I/O) ---------- */

typedef struct cohort_header {
    cohort_bytes name;
    cohort_bytes value;
} cohort_header;

typedef struct cohort_http_request {
    uint32_t struct_size;
    cohort_bytes method;          /* "GET", "POST", "DELETE", "PUT" */
    cohort_bytes url;             /* absolute URL including query string */
    const cohort_header *headers;
    size_t header_count;
    cohort_bytes body;
    uint32_t weight;              /* request weight for the host's rate limiter */
    uint32_t is_order;            /* 1 if it counts against order-rate limits */
} cohort_http_request;

/* ---------- rate limits and descriptor ---------- */

typedef enum cohort_rate_limit_kind {
    COHORT_RL_REQUEST_WEIGHT = 1,  /* sum of request weights per window (per IP) */
    COHORT_RL_ORDERS = 2,          /* order count per window (per account) */
    COHORT_RL_RAW_REQUESTS = 3,    /* request count per window */
    COHORT_RL_DECAYING_COUNTER = 4 /* Kraken-style: limit = max counter, window_ms = ms per 1 unit decay */
} cohort_rate_limit_kind;

typedef struct cohort_rate_limit_rule {
    int32_t kind;                  /* cohort_rate_limit_kind */
    uint32_t limit;
    uint64_t window_ms;
} cohort_rate_limit_rule;

/* Capability bits. */
#define COHORT_CAP_BOOK_DELTAS      (1ull << 0)  /* snapshot + deltas with sequence numbers */
#define COHORT_CAP_BOOK_SNAPSHOTS   (1ull << 1)  /* snapshots only (each replaces the book) */
#define COHORT_CAP_BOOK_CHECKSUM    (1ull << 2)
#define COHORT_CAP_TRADES           (1ull << 3)
#define COHORT_CAP_BEST_PRICE       (1ull << 4)
#define COHORT_CAP_PRIVATE_STREAM   (1ull << 5)  /* order/fill updates over WebSocket */
#define COHORT_CAP_CANCEL_ALL       (1ull << 6)
#define COHORT_CAP_QUERY_ORDER      (1ull << 7)
#define COHORT_CAP_OPEN_ORDERS      (1ull << 8)

/* Supported order type bits (index = cohort_order_type). */
#define COHORT_ORDER_TYPE_BIT(t) (1u << (t))

typedef struct cohort_plugin_descriptor {
    uint32_t struct_size;
    uint32_t abi_version;          /* COHORT_PLUGIN_ABI_VERSION the plugin was built against */
    const char *name;              /* NUL-terminated, e.g. "binance" */
    const char *version;           /* NUL-terminated plugin version */
    uint64_t capabilities;         /* COHORT_CAP_* */
    uint32_t order_types;          /* COHORT_ORDER_TYPE_BIT(...) mask */
    const cohort_rate_limit_rule *rate_limits;
    size_t rate_limit_count;
} cohort_plugin_descriptor;

/* ---------- orders ---------- */

typedef enum cohort_side { COHORT_SIDE_BUY = 1, COHORT_SIDE_SELL = 2 } cohort_side;

typedef enum cohort_order_type {
    COHORT_ORDER_MARKET = 0,
    COHORT_ORDER_LIMIT = 1,        /* GTC */
    COHORT_ORDER_POST_ONLY = 2,
    COHORT_ORDER_IOC = 3,
    COHORT_ORDER_FOK = 4
} cohort_order_type;

typedef enum cohort_intent_kind {
    COHORT_INTENT_PLACE = 1,
    COHORT_INTENT_CANCEL = 2,
    COHORT_INTENT_CANCEL_ALL = 3,
    COHORT_INTENT_QUERY = 4,
    COHORT_INTENT_OPEN_ORDERS = 5
} cohort_intent_kind;

typedef struct cohort_order_intent {
    uint32_t struct_size;
    int32_t kind;                  /* cohort_intent_kind */
    uint64_t request_id;           /* host correlation id, echoed in responses/events */
    cohort_bytes symbol;           /* venue symbol, e.g. "BTCUSDT", "BTC/USD" */
    cohort_bytes client_order_id;
    cohort_bytes venue_order_id;   /* for cancel/query when known */
    int32_t side;                  /* cohort_side */
    int32_t order_type;            /* cohort_order_type */
    int64_t price;                 /* raw, scale 1e-9; ignored for market */
    int64_t quantity;              /* raw, scale 1e-8 */
    cohort_bytes key_name;         /* named host key to sign with */
} cohort_order_intent;

/* ---------- normalized events (plugin -> host) ---------- */

typedef enum cohort_event_kind {
    COHORT_EV_BOOK_SNAPSHOT = 1,   /* replaces the whole book */
    COHORT_EV_BOOK_DELTA = 2,      /* levels with quantity 0 remove the level */
    COHORT_EV_TRADE = 3,
    COHORT_EV_BEST_PRICE = 4,
    COHORT_EV_ORDER_ACK = 5,
    COHORT_EV_ORDER_FILL = 6,
    COHORT_EV_ORDER_CANCELED = 7,
    COHORT_EV_ORDER_REJECTED = 8,
    COHORT_EV_ORDER_STATUS = 9,    /* answer to query / open orders (one event per order) */
    COHORT_EV_RESYNC = 10,         /* book lost sync: host must discard and resubscribe */
    COHORT_EV_INSTRUMENT = 11,     /* instrument rules loaded */
    COHORT_EV_VENUE_ERROR = 12     /* non-order error worth surfacing */
} cohort_event_kind;

typedef enum cohort_reject_reason {
    COHORT_REJECT_NONE = 0,
    COHORT_REJECT_INSUFFICIENT_BALANCE = 1,
    COHORT_REJECT_INVALID_PRICE = 2,       /* tick / price filter */
    COHORT_REJECT_INVALID_QUANTITY = 3,    /* lot / min qty */
    COHORT_REJECT_MIN_NOTIONAL = 4,
    COHORT_REJECT_POST_ONLY_WOULD_TAKE = 5,
    COHORT_REJECT_UNKNOWN_ORDER = 6,
    COHORT_REJECT_DUPLICATE_ORDER = 7,
    COHORT_REJECT_RATE_LIMITED = 8,
    COHORT_REJECT_AUTH = 9,                /* bad key, signature, permissions */
    COHORT_REJECT_TIMESTAMP = 10,          /* outside recvWindow / bad nonce */
    COHORT_REJECT_UNKNOWN_SYMBOL = 11,
    COHORT_REJECT_MARKET_CLOSED = 12,
    COHORT_REJECT_FOK_NOT_FILLED = 13,
    COHORT_REJECT_IOC_NOT_FILLED = 14,
    COHORT_REJECT_VENUE_UNAVAILABLE = 15,
    COHORT_REJECT_INVALID_REQUEST = 16,
    COHORT_REJECT_OTHER = 255
} cohort_reject_reason;

typedef enum cohort_order_state {
    COHORT_STATE_NEW = 1, COHORT_STATE_PARTIALLY_FILLED = 2, COHORT_STATE_FILLED = 3,
    COHORT_STATE_CANCELED = 4, COHORT_STATE_REJECTED = 5, COHORT_STATE_EXPIRED = 6
} cohort_order_state;

typedef struct cohort_level {
    int64_t price;                 /* raw 1e-9 */
    int64_t quantity;              /* raw 1e-8; 0 = remove level (deltas) */
} cohort_level;

typedef struct cohort_book_event {
    const cohort_level *bids;      /* best first */
    size_t bid_count;
    const cohort_level *asks;      /* best first */
    size_t ask_count;
    uint64_t first_sequence;       /* venue sequence span covered (0 if none) */
    uint64_t last_sequence;
    uint64_t previous_sequence;    /* last sequence before this event, 0 if unknown */
} cohort_book_event;

typedef struct cohort_trade_event {
    int64_t price;
    int64_t quantity;
    int32_t aggressor_side;        /* cohort_side, 0 if unknown */
    uint64_t trade_id;
} cohort_trade_event;

typedef struct cohort_best_price_event {
    int64_t bid_price, bid_quantity, ask_price, ask_quantity;
} cohort_best_price_event;

typedef struct cohort_order_event {
    cohort_bytes client_order_id;
    cohort_bytes venue_order_id;
    int32_t side;
    int32_t order_type;
    int32_t state;                 /* cohort_order_state */
    int32_t reject_reason;         /* cohort_reject_reason */
    int64_t price;                 /* order price, raw 1e-9 */
    int64_t quantity;              /* order quantity, raw 1e-8 */
    int64_t filled_quantity;       /* cumulative */
    int64_t last_fill_price;       /* fills only */
    int64_t last_fill_quantity;
    int64_t fee;                   /* raw money 1e-9 */
    cohort_bytes fee_asset;
    uint64_t trade_id;
    int32_t venue_error_code;      /* venue's own code, 0 if none */
} cohort_order_event;

typedef struct cohort_instrument_event {
    int64_t tick_size;             /* raw 1e-9 */
    int64_t lot_size;              /* raw 1e-8 */
    int64_t min_quantity;          /* raw 1e-8 */
    int64_t min_notional;          /* raw money 1e-9 */
    int32_t price_precision;       /* decimals the venue prints (checksums) */
    int32_t quantity_precision;
    cohort_bytes base_asset;
    cohort_bytes quote_asset;
} cohort_instrument_event;

typedef struct cohort_event {
    uint32_t struct_size;
    int32_t kind;                  /* cohort_event_kind */
    cohort_bytes symbol;
    int64_t venue_time_ns;         /* venue timestamp, 0 if absent */
    int64_t receive_time_ns;       /* host clock at frame receipt */
    uint64_t request_id;           /* correlates with cohort_order_intent.request_id, 0 if none */
    cohort_bytes message;          /* human-readable detail (rejects, resync, errors) */
    union {
        cohort_book_event book;
        cohort_trade_event trade;
        cohort_best_price_event best;
        cohort_order_event order;
        cohort_instrument_event instrument;
    } u;
} cohort_event;

/* ---------- host function table (host -> plugin at create) ---------- */

typedef struct cohort_host_api {
    uint32_t struct_size;
    uint32_t abi_version;
    void *ctx;                     /* opaque, passed back on every call */

    void (*log)(void *ctx, int32_t level, cohort_bytes message);
    int64_t (*now_ns)(void *ctx);  /* injected clock, Unix epoch ns */
    int32_t (*random_bytes)(void *ctx, uint8_t *out, size_t len);  /* injected randomness */

    /* Sign message with the host key called key_name. Returns cohort_status. */
    int32_t (*sign)(void *ctx, cohort_bytes key_name, int32_t algorithm, cohort_bytes message,
                    cohort_out_buffer out, cohort_error *err);
    int32_t (*hash)(void *ctx, int32_t algorithm, cohort_bytes data, cohort_out_buffer out);
    int32_t (*credential)(void *ctx, cohort_bytes key_name, int32_t field, cohort_out_buffer out,
                          cohort_error *err);

    /* Transport. Connection ids are chosen by the plugin (small integers, unique per instance). */
    int32_t (*ws_connect)(void *ctx, uint32_t connection_id, cohort_bytes url);
    int32_t (*ws_send)(void *ctx, uint32_t connection_id, cohort_bytes text_frame);
    int32_t (*ws_close)(void *ctx, uint32_t connection_id);
    /* Queue an HTTP request; the response arrives via on_http_response with request_id. */
    int32_t (*http_send)(void *ctx, uint64_t request_id, const cohort_http_request *request);

    /* Emit a normalized event. The host copies what it needs before returning. */
    void (*emit)(void *ctx, const cohort_event *event);
} cohort_host_api;

/* ---------- plugin function table (plugin -> host) ---------- */

typedef struct cohort_plugin_instance cohort_plugin_instance;  /* opaque, plugin-owned */

typedef struct cohort_plugin_api {
    uint32_t struct_size;
    const cohort_plugin_descriptor *descriptor;

    /* config is the venue's config section as JSON (URLs, symbols, key names; never secrets). */
    int32_t (*create)(const cohort_host_api *host, cohort_bytes config_json,
                      cohort_plugin_instance **out_instance, cohort_error *err);
    void (*destroy)(cohort_plugin_instance *instance);

    /* Start: the plugin asks the host to connect (ws_connect) and load rules (http_send). */
    int32_t (*start)(cohort_plugin_instance *instance, cohort_error *err);
    /* A connection opened: the plugin sends its subscriptions with ws_send. */
    int32_t (*on_ws_open)(cohort_plugin_instance *instance, uint32_t connection_id, cohort_error *err);
    /* One text frame; events are emitted synchronously through host->emit. */
    int32_t (*on_ws_frame)(cohort_plugin_instance *instance, uint32_t connection_id,
                           cohort_bytes frame, int64_t receive_time_ns, cohort_error *err);
    int32_t (*on_ws_closed)(cohort_plugin_instance *instance, uint32_t connection_id,
                            cohort_bytes reason, cohort_error *err);
    int32_t (*on_http_response)(cohort_plugin_instance *instance, uint64_t request_id,
                                int32_t http_status, cohort_bytes body, int64_t receive_time_ns,
                                cohort_error *err);
    /* Turn an intent into a signed request and send it with http_send (or ws_send). */
    int32_t (*submit)(cohort_plugin_instance *instance, const cohort_order_intent *intent,
                      cohort_error *err);
    /* Periodic tick from the host (keepalives, listen-key refresh, token renewal). */
    int32_t (*on_timer)(cohort_plugin_instance *instance, int64_t now_ns, cohort_error *err);
} cohort_plugin_api;

/* The single exported entry point. Returns NULL if host_abi_version is unsupported. */
typedef const cohort_plugin_api *(*cohort_plugin_entry_fn)(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif
#endif /* COHORT_PLUGIN_H */
