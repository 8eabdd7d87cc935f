package zos.networkd.nftables.internal;

import com.sun.jna.Pointer;

/**
 * One libnftables context, bound for good to the network namespace of the thread that created it
 * (its netlink socket is opened there). Not thread-safe: callers hold its monitor.
 */
final class NftContext {
    /** What nftables says when the table asked for does not exist. */
    static final String NO_SUCH_TABLE = "No such file or directory";

    private final Libnftables lib;
    private final String identity;
    private Pointer ctx;
    private volatile long lastUsed = System.nanoTime();

    /** The outcome of one command: nftables' output or, when it failed, its error text. */
    record Result(boolean ok, String output, String error) {
    }

    private NftContext(Libnftables lib, String identity, Pointer ctx) {
        this.lib = lib;
        this.identity = identity;
        this.ctx = ctx;
    }

    /** Creates a context in the calling thread's namespace, whose identity ({@code net:[inode]}) is given. */
    static NftContext open(Libnftables lib, String identity) {
        Pointer ctx = lib.nft_ctx_new(Libnftables.CTX_DEFAULT);
        if (ctx == null) {
            throw new IllegalStateException("libnftables could not create a context");
        }
        lib.nft_ctx_buffer_output(ctx);
        lib.nft_ctx_buffer_error(ctx);
        lib.nft_ctx_output_set_flags(ctx, Libnftables.OUTPUT_JSON);
        return new NftContext(lib, identity, ctx);
    }

    String identity() {
        return identity;
    }

    long lastUsed() {
        return lastUsed;
    }

    boolean isClosed() {
        return ctx == null;
    }

    /** Runs one command (JSON, or text when {@code json} is false) and collects both buffers. */
    Result run(String command, boolean json) {
        if (ctx == null) {
            throw new IllegalStateException("nftables context closed");
        }
        lastUsed = System.nanoTime();
        if (!json) {
            lib.nft_ctx_output_set_flags(ctx, 0);
        }
        try {
            int rc = lib.nft_run_cmd_from_buffer(ctx, command);
            String out = lib.nft_ctx_get_output_buffer(ctx);
            String err = lib.nft_ctx_get_error_buffer(ctx);
            return new Result(rc == 0, out == null ? "" : out, err == null ? "" : err);
        } finally {
            if (!json) {
                lib.nft_ctx_output_set_flags(ctx, Libnftables.OUTPUT_JSON);
            }
        }
    }

    /** Frees the context and closes its socket (slow: ~20 ms in libnftables). */
    void close() {
        if (ctx != null) {
            lib.nft_ctx_free(ctx);
            ctx = null;
        }
    }
}
