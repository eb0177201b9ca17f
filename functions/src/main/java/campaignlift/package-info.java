/**
 * campaign-lift: the Lambda functions that record campaign exposures and outcomes and compute lift.
 */
package campaignlift;
