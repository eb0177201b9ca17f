package campaignlift.recording;

import java.util.Map;

/** A user item and the enrolment items it points to, read together (strongly consistent). */
public record UserState(UserRecord user, Map<String, Enrolment> enrolments) {
  public UserState {
    enrolments = Map.copyOf(enrolments);
  }
}
