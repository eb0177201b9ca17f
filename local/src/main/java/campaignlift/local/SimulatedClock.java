package campaignlift.local;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the local twin's functions read, set by the caller: a demo or a test replays a campaign
 * day by day and each evaluation sees the time it would have run at (docs/metrics.md: all time
 * comes from one injectable clock).
 */
public final class SimulatedClock extends Clock {
  private volatile Instant now;

  public SimulatedClock(Instant start) {
    this.now = start;
  }

  public void set(Instant instant) {
    this.now = instant;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
