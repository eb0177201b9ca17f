package campaignlift.aggregate;

import java.util.List;

/** Port: the queue that fans a recompute out to the worker function, one message per task. */
public interface RecomputeQueue {
  /** Sends every task (at least once each); throws when one could not be sent. */
  void send(List<RecomputeTask> tasks);
}
