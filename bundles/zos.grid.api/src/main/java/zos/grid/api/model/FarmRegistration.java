package zos.grid.api.model;

/** What a farmer sends to register a farm (signed with the farmer's key, which becomes the farm's). */
public record FarmRegistration(String name) {
    public FarmRegistration {
        Check.name("name", name);
    }
}
