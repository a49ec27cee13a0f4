-- The language Telegram reported for each person, so messages the bot sends on its own
-- (payment alerts, reminders, digests) are in that person's language. NULL until they write.
ALTER TABLE people ADD COLUMN language TEXT;
