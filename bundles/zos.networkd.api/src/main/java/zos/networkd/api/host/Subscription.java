package zos.networkd.api.host;

/** An event subscription; closing it stops delivery and releases its socket and thread. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
