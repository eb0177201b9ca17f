package campaignlift.queue;

/** What a message's body holds: the API's exposures body or its outcomes body (docs/api.md). */
public enum IngestKind {
  EXPOSURES("exposures"),
  OUTCOMES("outcomes");

  private final String field;

  IngestKind(String field) {
    this.field = field;
  }

  /** The body's one field, and the value of the {@code kind} message attribute. */
  public String field() {
    return field;
  }

  /** The kind named {@code text} ({@code exposures}, {@code outcomes}), or null. */
  static IngestKind named(String text) {
    for (IngestKind k : values()) {
      if (k.field.equals(text)) {
        return k;
      }
    }
    return null;
  }
}
