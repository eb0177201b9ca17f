/**
 * The S3 bulk import (docs/write-path.md): {@link campaignlift.ingest.ImportJob} routes an object
 * key, {@code ImportRun} streams its JSON Lines or CSV lines, reads each into typed records by the
 * API's own {@link campaignlift.recording.RecordRules}, records good ones through the {@link
 * campaignlift.recording.Recorder} in chunks and writes bad ones, line by line, to the error report
 * beside the file. Shop exports (docs/shop-exports.md) — EC-CUBE order CSVs ({@code EcCubeOrders})
 * and Amplitude export archives ({@code AmplitudeExport}) — are translated into outcome records
 * under a mapping stored beside them and take the same path. Files come from an {@link
 * campaignlift.ingest.ImportBucket} (implemented by {@code store}).
 *
 * <p>A core package: it must not import {@code campaignlift.http}, {@code campaignlift.handler} or
 * AWS types. Nothing in {@code recording} imports it.
 */
package campaignlift.ingest;
