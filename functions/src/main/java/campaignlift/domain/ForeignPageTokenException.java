package campaignlift.domain;

import java.util.List;

/**
 * A {@code nextToken} this listing did not issue: from another route, another filter or another
 * campaign, or altered. Paging cannot go on from it; the client starts again without it.
 */
public final class ForeignPageTokenException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param listing which listing the token must come from, as the problem says it ("this listing
   *     (same route and archived filter)")
   */
  public ForeignPageTokenException(String listing) {
    super(
        "The query is not valid.",
        List.of(
            Problem.of(
                "nextToken",
                "is not a token returned by " + listing + "; start again without it")));
  }
}
