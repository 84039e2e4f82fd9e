ALTER TABLE "production_orders" DROP CONSTRAINT "production_orders_status_ck";--> statement-breakpoint
ALTER TABLE "production_orders" DROP CONSTRAINT "production_orders_units_ck";--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "amended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_orders_status_ck" CHECK ("production_orders"."status" IN ('issued','acknowledged','cancelled'));--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_orders_units_ck" CHECK ("production_orders"."total_units" >= 0 AND ("production_orders"."total_units" > 0 OR "production_orders"."status" = 'cancelled'));