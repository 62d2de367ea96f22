/**
 * The detectors' behaviour version, stored with every incident label so a later configuration can
 * be scored against labels taken under an earlier one. Bump it when a detector or profile changes
 * what it reports.
 */
export const detectorVersion = "2026-12-02.one-alert-per-event-r120";
