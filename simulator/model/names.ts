// Word lists the generator draws from. Plain data; realistic enough that demo screens read like a real company.

export const GIVEN_NAMES = [
  'Adele', 'Alex', 'Allan', 'Amara', 'Ana', 'Ben', 'Bianca', 'Carlos', 'Chen', 'Christie', 'Dana', 'Diego', 'Elena', 'Emily',
  'Fatima', 'Felix', 'Grace', 'Hannah', 'Henrietta', 'Hiro', 'Isaiah', 'Ivan', 'Jana', 'Johanna', 'Joni', 'Kenji', 'Lee',
  'Lidia', 'Lynne', 'Maria', 'Megan', 'Miriam', 'Nestor', 'Nia', 'Omar', 'Patti', 'Pradeep', 'Priya', 'Quinn', 'Raj',
  'Rosa', 'Sam', 'Sofia', 'Tariq', 'Tomás', 'Uma', 'Victor', 'Wei', 'Yara', 'Zoe',
];

export const SURNAMES = [
  'Vance', 'Wilber', 'Deyoung', 'Okafor', 'Silva', 'Walker', 'Rossi', 'Mendes', 'Li', 'Cline', 'Kowalski', 'Ortega', 'Petrova',
  'Tanaka', 'Haddad', 'Schmidt', 'Taylor', 'Cohen', 'Gonzalez', 'Sato', 'Adams', 'Novak', 'Nowak', 'Lambert', 'Johnson', 'Bennett',
  'Park', 'Fernandes', 'Jensen', 'Garcia', 'Muller', 'Khan', 'Zelaya', 'Fernando', 'Ahmed', 'Brown', 'Dubois', 'Kim', 'Singh',
  'Nakamura', 'Moreau', 'Lindqvist', 'Ivanova', 'Costa', 'Hughes', 'Ng', 'Abara', 'Larsen', 'Popescu', 'Yilmaz',
];

export const DEPARTMENTS = [
  'Sales', 'Marketing', 'Engineering', 'Finance', 'Human Resources', 'Legal', 'Operations', 'IT', 'Support', 'Research',
  'Product', 'Procurement',
];

export const JOB_TITLES = [
  'Account Executive', 'Marketing Manager', 'Software Engineer', 'Senior Software Engineer', 'Accountant', 'HR Partner',
  'Counsel', 'Operations Analyst', 'Systems Administrator', 'Support Engineer', 'Research Scientist', 'Product Manager',
  'Buyer', 'Director', 'Vice President', 'Intern',
];

export const OFFICES = ['Seattle', 'London', 'Berlin', 'Bengaluru', 'São Paulo', 'Tokyo', 'Remote', 'Paris', 'Toronto', 'Sydney'];

export const COMPANY_NAMES = [
  'Contoso', 'Fabrikam', 'Northwind Traders', 'Adatum', 'Tailspin Toys', 'Woodgrove Bank', 'Litware', 'Proseware',
  'Wide World Importers', 'Alpine Ski House',
];

export const GROUP_TOPICS = [
  'Finance', 'Payroll', 'Sales EMEA', 'Sales Americas', 'Engineering', 'Platform', 'Mobile', 'Data', 'Security', 'Legal',
  'Recruiting', 'Facilities', 'Support Tier 1', 'Support Tier 2', 'Marketing Events', 'Brand', 'Research', 'Design',
  'Procurement', 'Board', 'Interns', 'Contractors', 'VPN Users', 'Wi-Fi Guests', 'Project Phoenix', 'Project Atlas',
  'Project Orion', 'Book Club', 'Running Club', 'Office Seattle', 'Office London', 'Office Tokyo', 'Release Managers',
  'On-call', 'Incident Response', 'Audit', 'Tax', 'Treasury', 'Partners', 'Vendors',
];

export const APP_NAMES = [
  'Salesforce', 'ServiceNow', 'Workday', 'Slack', 'Zoom', 'Atlassian Cloud', 'GitHub Enterprise', 'Dropbox Business', 'Box',
  'DocuSign', 'Adobe Creative Cloud', 'Tableau', 'Zendesk', 'HubSpot', 'Asana', 'Miro', 'Figma', 'Notion', 'Okta Bridge',
  'AWS IAM Identity Center', 'Google Cloud', 'SAP Concur', 'Coupa', 'Greenhouse', 'BambooHR', 'Snowflake', 'Datadog',
  'PagerDuty', 'Splunk', 'Smartsheet', 'Monday.com', 'Trello', 'Webex', 'LinkedIn Learning', 'Expensify', 'NetSuite',
];

/** Third-party multi-tenant apps that users consent to for themselves (calendar helpers, mail plugins…). */
export const CONSENT_APP_WORDS = [
  'Calendar', 'Mail', 'Notes', 'Scheduler', 'Signature', 'Survey', 'Planner', 'Timesheet', 'Translator', 'Reader',
  'Sync', 'Backup', 'Clipper', 'Assistant', 'Tracker', 'Helper', 'Insights', 'Bridge', 'Connector', 'Studio',
];
export const CONSENT_APP_VENDORS = [
  'Acme', 'Blue Yonder', 'Cobalt', 'Dynamo', 'Evergreen', 'Foxtrot', 'Gamma', 'Helix', 'Iris', 'Juniper', 'Kestrel', 'Lumen',
  'Maple', 'Nimbus', 'Onyx', 'Pioneer', 'Quartz', 'Raven', 'Summit', 'Tundra',
];
