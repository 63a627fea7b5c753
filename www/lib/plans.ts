// Plan prices shown on /pricing. Locked business values (SPEC): they must match
// the knowledge base exactly; tests/locked_values.rs scans this file.
export interface Plan {
  name: string;
  monthly: string;
  yearly: string;
  support: string;
  blurb: string;
}

export const PLANS: Plan[] = [
  { name: "Starter", monthly: "£9", yearly: "£90", support: "48h", blurb: "For one person automating the basics." },
  { name: "Growth", monthly: "£29", yearly: "£290", support: "24h", blurb: "For small teams with a handful of workflows." },
  { name: "Pro", monthly: "£59", yearly: "£590", support: "12h", blurb: "For teams that run the business on automations." },
  { name: "Business", monthly: "£149", yearly: "£1490", support: "4h", blurb: "For companies that need priority support." },
];

export const SETUP_PRICES = ["£149", "£299", "£499"] as const;

export const TRIAL_TEXT = "7-day free trial • Card required • Cancel before Day 7 to avoid charges";
