-- A checkout voucher (a redeemed reward of kind `voucher`) is used at the
-- brand's till through the signed API: the till sends its code, Seedbed
-- marks the redemption done with the till's order reference and answers
-- the voucher's value. Looked up by code within the brand.
ALTER TABLE redemptions ADD COLUMN used_order_ref TEXT;
CREATE INDEX redemptions_by_code ON redemptions (brand_id, code);
