package zos.networkd.api.host;

/**
 * A change the kernel announced in one namespace. {@link EventsLost} means the kernel dropped
 * events (the socket overran): a listener that keeps state must read it again.
 */
public sealed interface NetworkEvent permits NetworkEvent.LinkChanged, NetworkEvent.LinkRemoved,
        NetworkEvent.AddressAdded, NetworkEvent.AddressRemoved, NetworkEvent.RouteAdded, NetworkEvent.RouteRemoved,
        NetworkEvent.EventsLost {

    record LinkChanged(Link link) implements NetworkEvent {
    }

    record LinkRemoved(Link link) implements NetworkEvent {
    }

    record AddressAdded(Address address) implements NetworkEvent {
    }

    record AddressRemoved(Address address) implements NetworkEvent {
    }

    record RouteAdded(Route route) implements NetworkEvent {
    }

    record RouteRemoved(Route route) implements NetworkEvent {
    }

    record EventsLost() implements NetworkEvent {
    }
}
