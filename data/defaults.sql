-- Default data written by `forsat init` (SPEC §4, §5.2, §6.1).  Runs once,
-- in the same transaction that creates the schema.  The OS login that ran
-- init is added as admin by the program afterwards.

INSERT INTO setting(key, value) VALUES
  ('warehousing_mode', 'quantity'),        -- 'quantity' or 'serial'
  ('tax_bp.proforma', '1000'),             -- 10 %
  ('tax_bp.invoice', '1000'),
  ('tax_bp.return', '1000'),
  ('duties_bp.proforma', '0'),
  ('duties_bp.invoice', '0'),
  ('duties_bp.return', '0'),
  ('proforma_valid_days', '30');

-- Roles and the permission flags of SPEC §3 (src/core/perm.h names them).
INSERT INTO role(id, key, title_fa, title_en) VALUES
  (1, 'admin', 'مدیر سیستم', 'Admin'),
  (2, 'sales_manager', 'مدیر فروش', 'Sales manager'),
  (3, 'sales_rep', 'کارشناس فروش', 'Sales rep'),
  (4, 'warehouse_keeper', 'انباردار', 'Warehouse keeper'),
  (5, 'financial_manager', 'مدیر مالی', 'Financial manager');

INSERT INTO role_perm(role_id, perm)
  SELECT 1, p FROM (SELECT 'opp.view_all' AS p UNION ALL SELECT 'opp.select_product'
    UNION ALL SELECT 'opp.edit_price' UNION ALL SELECT 'opp.rename_other'
    UNION ALL SELECT 'doc.approve' UNION ALL SELECT 'doc.edit_approved'
    UNION ALL SELECT 'balance.view' UNION ALL SELECT 'stock.view'
    UNION ALL SELECT 'admin.lists' UNION ALL SELECT 'admin.users'
    UNION ALL SELECT 'admin.model' UNION ALL SELECT 'delete'
    UNION ALL SELECT 'bulk_edit' UNION ALL SELECT 'export');
INSERT INTO role_perm(role_id, perm) VALUES
  (2, 'opp.view_all'), (2, 'opp.select_product'), (2, 'opp.edit_price'),
  (2, 'opp.rename_other'), (2, 'doc.approve'), (2, 'balance.view'), (2, 'stock.view'),
  (2, 'delete'), (2, 'bulk_edit'), (2, 'export'),
  (3, 'opp.select_product'), (3, 'opp.rename_other'), (3, 'balance.view'), (3, 'stock.view'),
  (4, 'stock.view'), (4, 'opp.view_all'),
  (5, 'opp.view_all'), (5, 'doc.approve'), (5, 'doc.edit_approved'), (5, 'balance.view'),
  (5, 'export');

INSERT INTO list_item(list, key, label_fa, label_en, position) VALUES
  ('type', 'standard', 'استاندارد', 'Standard', 1),
  ('type', 'bulk', 'سفارش انبوه', 'Bulk order', 2),
  ('type', 'delivery', 'تحویل', 'Delivery', 3),
  ('type', 'special', 'سفارش مخصوص', 'Special order', 4),
  ('source', 'phone', 'تماس تلفنی', 'Phone call', 1),
  ('source', 'advertising', 'تبلیغات', 'Advertising', 2),
  ('source', 'exhibition', 'نمایشگاه', 'Exhibition', 3),
  ('source', 'referral', 'معرفی همکار یا دوست', 'Referral by colleague/friend', 4),
  ('source', 'seminar', 'سمینار یا همایش', 'Seminar/conference', 5),
  ('source', 'partner', 'شریک تجاری', 'Business partner', 6),
  ('source', 'direct', 'مراجعه مستقیم', 'Direct contact', 7),
  ('source', 'customers', 'از طریق مشتریان', 'Via customers', 8),
  ('purchase_process', 'individual', 'تصمیم‌گیری فردی', 'Individual decision', 1),
  ('purchase_process', 'group', 'تصمیم‌گیری گروهی', 'Group decision', 2),
  ('win_reason', 'price', 'قیمت', 'Price', 1),
  ('win_reason', 'quality', 'کیفیت', 'Quality', 2),
  ('win_reason', 'relationship', 'ارتباط', 'Relationship', 3),
  ('win_reason', 'delivery_time', 'زمان تحویل', 'Delivery time', 4),
  ('loss_reason', 'price', 'قیمت', 'Price', 1),
  ('loss_reason', 'competitor', 'رقیب', 'Competitor', 2),
  ('loss_reason', 'no_budget', 'نبود بودجه', 'No budget', 3),
  ('loss_reason', 'no_decision', 'عدم تصمیم‌گیری', 'No decision', 4),
  ('loss_reason', 'lost_contact', 'قطع ارتباط', 'Lost contact', 5),
  ('unit', 'piece', 'عدد', 'Piece', 1),
  ('unit', 'box', 'جعبه', 'Box', 2),
  ('unit', 'kg', 'کیلوگرم', 'kg', 3),
  ('unit', 'metre', 'متر', 'Metre', 4),
  ('unit', 'hour', 'ساعت', 'Hour', 5),
  ('unit', 'service', 'خدمت', 'Service', 6);

INSERT INTO subtype(id, key, title_fa, title_en, is_default, position) VALUES
  (1, 'default', 'فرصت پیش‌فرض', 'Default opportunity', 1, 1);

INSERT INTO stage(subtype_id, key, title_fa, title_en, position, kind) VALUES
  (1, 'contact', 'برقراری ارتباط', 'Establishing contact', 1, 'open'),
  (1, 'needs', 'نیازسنجی', 'Needs analysis', 2, 'open'),
  (1, 'proforma', 'ارسال پیش‌فاکتور', 'Proforma sent', 3, 'open'),
  (1, 'negotiation', 'مذاکره', 'Negotiation', 4, 'open'),
  (1, 'won', 'موفق', 'Won', 5, 'won'),
  (1, 'lost', 'ناموفق', 'Lost', 6, 'lost');

-- The built-in "Other" product: always sellable, name editable per line.
INSERT INTO product(code, code_key, name, name_key, kind, unit_id, unit_price, sellable,
                    name_editable, builtin, created_at, updated_at)
  SELECT 'OTHER', 'other', 'سایر', 'سایر', 'product', id, NULL, 1, 1, 1,
         strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM list_item WHERE list = 'unit' AND key = 'piece';

INSERT INTO warehouse(name, created_at)
  VALUES ('انبار مرکزی', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
