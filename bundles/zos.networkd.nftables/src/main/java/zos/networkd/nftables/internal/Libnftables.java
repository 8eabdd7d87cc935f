package zos.networkd.nftables.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The part of libnftables' API this bundle uses ({@code nftables/libnftables.h}). */
interface Libnftables extends Library {
    /** {@code NFT_CTX_DEFAULT}. */
    int CTX_DEFAULT = 0;
    /** {@code NFT_CTX_OUTPUT_JSON}: JSON out, and (in nftables 1.0) JSON in as well. */
    int OUTPUT_JSON = 1 << 4;

    static Libnftables load(String name) {
        return Native.load(name, Libnftables.class);
    }

    Pointer nft_ctx_new(int flags);

    void nft_ctx_free(Pointer ctx);

    int nft_ctx_buffer_output(Pointer ctx);

    int nft_ctx_buffer_error(Pointer ctx);

    /** Returns what was buffered since the last call and empties the buffer. */
    String nft_ctx_get_output_buffer(Pointer ctx);

    String nft_ctx_get_error_buffer(Pointer ctx);

    void nft_ctx_output_set_flags(Pointer ctx, int flags);

    int nft_run_cmd_from_buffer(Pointer ctx, String buffer);
}
