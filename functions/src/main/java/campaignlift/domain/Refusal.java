package campaignlift.domain;

import java.util.List;

/**
 * A request the core refuses because of what the client sent or asked for, thrown before anything
 * is written. It carries a sentence for the client and every {@link Problem} found; which HTTP
 * status and error code each kind of refusal becomes is decided once, at the edge ({@code
 * http.ApiErrors}), so the cores never speak HTTP. Stackless: a refusal is an answer, not a fault.
 */
public abstract class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  protected Refusal(String message, List<Problem> problems) {
    super(message, null, false, false);
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order found; empty when the message says it all. */
  public List<Problem> problems() {
    return problems;
  }
}
