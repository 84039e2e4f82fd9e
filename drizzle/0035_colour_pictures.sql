-- Each colour's own picture (colour → one of the product's pictures), so an order line, a cart
-- line or a flash item shows the colour bought rather than the product's first picture. Filled
-- by lot imports (catalog.rules colourPictures); a colour without one shows the first picture, as
-- every colour did before.
ALTER TABLE "products" ADD COLUMN "colour_images" jsonb DEFAULT '{}'::jsonb NOT NULL;
