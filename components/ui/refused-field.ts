/** The field a server refusal names ("schedule.cron: Invalid cron…"), so a form can show the message beside it. */
export function refusedField(message: string | null | undefined): string | null {
  return message?.match(/^([\w.]+): /)?.[1] ?? null;
}
