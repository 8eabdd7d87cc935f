package zos.grid.api.model;

/** What a user sends to register (signed with the user's key, which becomes the user's id). */
public record UserRegistration(String name) {
    public UserRegistration {
        Check.name("name", name);
    }
}
