-- A brand's own settings (issue 15): its logo (an operator upload), accent
-- colour (#rrggbb), default language (zh-CN or en), a contact line shown
-- to consumers, and the public address its links and QR codes use (NULL:
-- the server's SEEDBED_PUBLIC_URL, else the address the request came to).
ALTER TABLE brands ADD COLUMN logo_id TEXT;
ALTER TABLE brands ADD COLUMN accent TEXT;
ALTER TABLE brands ADD COLUMN default_lang TEXT NOT NULL DEFAULT 'zh-CN';
ALTER TABLE brands ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE brands ADD COLUMN public_url TEXT;
