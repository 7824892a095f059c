import CCrypto
import CCurl
import CLua
import CSQLite
import CSecp256k1
import Testing

/// One call into each system C library, proving that it is installed, found and linked.
@Suite("System C libraries link and answer")
struct CLibrarySmokeTests {
    @Test func luaReportsVersion504() {
        #expect(Int(LUA_VERSION_NUM) == 504)
        let state = luaL_newstate()
        #expect(state != nil)
        lua_close(state)
    }

    @Test func sqliteOpensAnInMemoryDatabase() {
        var db: OpaquePointer?
        #expect(sqlite3_open(":memory:", &db) == SQLITE_OK)
        #expect(sqlite3_threadsafe() != 0)
        sqlite3_close(db)
    }

    @Test func curlInitialisesAnEasyHandle() {
        let handle = curl_easy_init()
        #expect(handle != nil)
        #expect(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, 1000) == CURLE_OK)
        curl_easy_cleanup(handle)
    }

    @Test func libcryptoComputesTheSHA256OfABC() {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = Array("abc".utf8).withUnsafeBufferPointer { ccrypto_sha256($0.baseAddress, 3, &out) }
        #expect(ok == 1)
        let hex = out.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func secp256k1CreatesAContext() {
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))
        #expect(context != nil)
        if let context { secp256k1_context_destroy(context) }
    }
}
