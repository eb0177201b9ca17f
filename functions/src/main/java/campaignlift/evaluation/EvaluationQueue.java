package campaignlift.evaluation;

import java.util.List;

/**
 * Where a scheduled run puts one evaluation per campaign (SQS in AWS and ElasticMQ in the twin,
 * implemented by the store package); a worker takes each from there.
 */
public interface EvaluationQueue {
  /** Enqueues every request; returns once all are accepted, or throws. */
  void enqueue(List<EvaluationRequest> requests);
}
