/**
 * What every door and every core agree on, with no dependency on any of them: the value domain of
 * docs/value-domain.md ({@link campaignlift.domain.ValueDomain}), the view of one client record's
 * fields ({@link campaignlift.domain.RecordFields}), one {@link campaignlift.domain.Problem} with a
 * record, and the cores' refusals ({@link campaignlift.domain.Refusal} and the kinds shared by
 * several cores: invalid input, a foreign page token, a concurrent change).
 *
 * <p>Imports nothing of the project. A refusal says what is wrong in the client's words; it never
 * carries an HTTP status: {@code campaignlift.http.ApiErrors} decides those.
 */
package campaignlift.domain;
