package campaignlift.queue;

/**
 * A message refused before it reached the record rules: its body is not JSON, or its attributes or
 * the body's shape do not say what to record. Stackless: an answer, not a fault.
 */
public final class MessageRejected extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Rejection rejection;

  MessageRejected(Rejection rejection) {
    super(rejection.message(), null, false, false);
    this.rejection = rejection;
  }

  public Rejection rejection() {
    return rejection;
  }
}
