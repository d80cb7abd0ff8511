-- The address in the user's email tag, as the app last read it for this link's invitation, or as a company sign-in
-- matched it to the person's verified email. The notice that a device was bound then goes to it without reading the
-- user's tags from IAM once more: an enrollment costs three IAM calls instead of four. Null when not known (a link
-- handed over by hand or mailed to an address given explicitly, a sign-in mapped by user name): then the tags are
-- read, as before.
ALTER TABLE link_tokens ADD COLUMN tag_address VARCHAR(320);
ALTER TABLE sessions ADD COLUMN tag_address VARCHAR(320);
