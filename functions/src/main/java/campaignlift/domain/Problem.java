package campaignlift.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with client input: which record (by index in a batch, or null for a single body),
 * which field (a JSON path such as {@code groups[1].weight}) and what is wrong with it, in words a
 * client developer can act on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(Integer index, String field, String problem) {
  /** Field paths and texts may quote client input (an unknown field's name): cut them short. */
  public static final int MAX_CHARS = 256;

  public Problem {
    field = cut(field);
    problem = cut(problem);
  }

  private static String cut(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    int end = MAX_CHARS - 3;
    return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end)
        + "...";
  }

  public static Problem of(String field, String problem) {
    return new Problem(null, field, problem);
  }

  public Problem at(int recordIndex) {
    return new Problem(recordIndex, field, problem);
  }
}
