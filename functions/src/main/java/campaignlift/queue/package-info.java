/**
 * The SQS front door (docs/queue.md): messages carrying the API's own exposure and outcome bodies,
 * read from {@link campaignlift.queue.IngestMessage}s (the records of Lambda's SQS event), decoded
 * by {@link campaignlift.queue.IngestMessages} into what they ask for, judged by the API's {@link
 * campaignlift.recording.BatchParser} and recorded by the same {@link
 * campaignlift.recording.Recorder} ({@link campaignlift.queue.QueueIngest}). A message that can
 * never be recorded is sent to the dead-letter queue with its reason ({@link
 * campaignlift.queue.Rejection}) through the {@link campaignlift.queue.DeadLetters} port,
 * implemented by {@code store}; one that failed for a passing reason is left to SQS to retry.
 *
 * <p>A core package: it must not import {@code campaignlift.http}, {@code campaignlift.handler},
 * {@code campaignlift.store} or AWS types.
 */
package campaignlift.queue;
