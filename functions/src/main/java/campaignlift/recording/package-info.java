/**
 * The write path (docs/write-path.md, docs/metrics.md): the rules that turn one client record into
 * a typed {@link campaignlift.recording.Exposure} or {@link campaignlift.recording.Outcome} ({@link
 * campaignlift.recording.RecordRules}, used by the API's {@link campaignlift.recording.BatchParser}
 * and by the bulk import alike), the {@link campaignlift.recording.Recorder} that records typed
 * batches, the pure {@code Transitions} and {@link campaignlift.recording.Attribution} it relies
 * on, and the {@link campaignlift.recording.RecordingStore} port (implemented by {@code store}).
 *
 * <p>A core package: it must not import {@code campaignlift.http}, {@code campaignlift.handler},
 * {@code campaignlift.ingest} or AWS types. A batch it refuses is an {@link
 * campaignlift.recording.InvalidRecordsException} listing every bad record.
 */
package campaignlift.recording;
