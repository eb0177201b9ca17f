package campaignlift.domain;

import java.util.List;

/**
 * Input that breaks a rule of docs/api.md: an identifier, a query option, a body or a batch of
 * records. Every problem is listed, so a client can fix them all at once. Subclasses name the input
 * that was refused.
 */
public class InvalidInputException extends Refusal {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message, List<Problem> problems) {
    super(message, problems);
  }

  /** A query option that breaks its rule. */
  public static InvalidInputException query(Problem problem) {
    return new InvalidInputException("The query is not valid.", List.of(problem));
  }

  /** An identifier in the path ({@code campaignId}, {@code userId}) that is not one. */
  public static InvalidInputException identifier(String what, String field, String rule) {
    return new InvalidInputException(
        "The " + what + " id is not valid.", List.of(Problem.of(field, rule)));
  }
}
