"""crafts: the traditional-crafts register

crafts: the refined crafts under the craft categories (slug unique, Arabic and English
names, heritage and endangered as the ministry marks them, endangered only when heritage,
checked), seeded with 26 Syrian crafts (a frozen copy of festival/crafts/data.py
CRAFTS at this revision). craft_photos: at most four per craft (position 0..3, unique per
craft) of a bounded size, checked. family_craft_items: which crafts a family practises.

Revision ID: 0021crafts
Revises: 0020duplicates
Create Date: 2026-12-03 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021crafts'
down_revision = '0020duplicates'
branch_labels = None
depends_on = None

# (slug, category slug, name_ar, name_en, heritage, endangered, description_ar, description_en)
CRAFTS = [
    ('makdous', 'food', 'المكدوس', 'Makdous', False, False, 'باذنجان صغير مسلوق محشو بالجوز والفليفلة والثوم، مكبوس بزيت الزيتون: مونة الشتاء في كل بيت سوري.', 'Small aubergines stuffed with walnuts, red pepper and garlic, preserved in olive oil: the winter store of every Syrian home.'),
    ('pepper-paste', 'food', 'دبس الفليفلة', 'Red pepper paste', False, False, 'فليفلة حمراء تُفرم وتُملّح وتُجفّف في الشمس حتى تصير دبساً.', 'Red peppers minced, salted and dried in the sun into a paste.'),
    ('qamar-al-din', 'food', 'قمر الدين', 'Apricot leather (qamar al-din)', True, False, 'عصير المشمش الغوطاني يُفرد على ألواح ويُجفّف في الشمس، صناعة غوطة دمشق.', 'Apricot juice of the Ghouta spread on boards and dried in the sun, a craft of the Damascus Ghouta.'),
    ('maamoul', 'sweets', 'المعمول', 'Maamoul', False, False, 'أقراص سميد محشوة بالتمر أو الجوز أو الفستق، تُنقش بقوالب خشبية.', 'Semolina pastries filled with dates, walnuts or pistachios, shaped in carved wooden moulds.'),
    ('barazek', 'sweets', 'البرازق', 'Barazek', False, False, 'أقراص رقيقة بالسمسم والفستق الحلبي، من حلويات الشام.', 'Thin biscuits with sesame and pistachios, a sweet of Damascus.'),
    ('shanklish', 'dairy', 'الشنكليش', 'Shanklish', False, False, 'لبن مجفف يُكوّر ويُتبّل بالزعتر والفليفلة ويُعتّق.', 'Dried yoghurt cheese rolled in balls, seasoned with thyme and pepper, and aged.'),
    ('brocade', 'embroidery', 'البروكار الدمشقي', 'Damascene brocade', True, True, 'نسيج حرير منقوش بخيوط الذهب والفضة على النول اليدوي؛ بقيت قلة من الأنوال تعمل في دمشق.', 'Silk woven with gold and silver threads on the hand loom; only a few looms still work in Damascus.'),
    ('aghabani', 'embroidery', 'الأغباني', 'Aghabani embroidery', True, False, 'تطريز بخيوط الحرير الذهبية على قماش قطني، تشتهر به دمشق وريفها.', 'Golden silk thread embroidered on cotton, the embroidery of Damascus and its countryside.'),
    ('cross-stitch', 'embroidery', 'التطريز الفلاحي', 'Cross-stitch embroidery', True, False, 'تطريز الأثواب والشراشف بغرزة الصليب بنقوش القرى.', "Dresses and linen embroidered in cross stitch with the villages' patterns."),
    ('crochet', 'knitting', 'الكروشيه', 'Crochet', False, False, 'مفارش وشالات وألعاب تُشغل بالصنارة.', 'Doilies, shawls and toys worked with a hook.'),
    ('aleppo-soap', 'soap', 'الصابون الحلبي', 'Aleppo soap', True, False, 'صابون زيت الزيتون وزيت الغار، يُطبخ ويُقطّع ويُختم باليد ويُعتّق أشهراً.', 'Olive-oil and laurel-oil soap, cooked, cut and stamped by hand, and aged for months.'),
    ('damask-rose', 'herbs', 'الوردة الشامية', 'Damask rose', True, False, 'قطاف الوردة الشامية وتقطير مائها ومربّاها، من تقاليد قرية المراح.', 'Picking the Damask rose, distilling its water and making its jam, a tradition of al-Mrah village.'),
    ('herbal-teas', 'herbs', 'الزهورات الشامية', 'Damascene herbal tea', False, False, 'خلطة أزهار وأعشاب مجففة تُغلى شراباً للشتاء.', 'A blend of dried flowers and herbs brewed in winter.'),
    ('pottery', 'pottery', 'الفخار', 'Pottery', True, False, 'جرار وأباريق وصحون تُشغل على الدولاب وتُشوى في الأفران.', 'Jars, jugs and plates thrown on the wheel and fired in kilns.'),
    ('wood-carving', 'wood', 'الحفر على الخشب', 'Wood carving', True, False, 'نقش الزخارف على الخشب بالإزميل للصناديق والأبواب والأثاث.', 'Ornaments carved with the chisel into chests, doors and furniture.'),
    ('mosaic', 'mosaic', 'الموزاييك الدمشقي', 'Damascene mosaic (wood inlay)', True, False, 'تطعيم الخشب بقطع الخشب الملون والصدف والعظم في أشكال هندسية.', 'Wood inlaid with coloured wood, mother-of-pearl and bone in geometric patterns.'),
    ('mother-of-pearl', 'mosaic', 'التطعيم بالصدف', 'Mother-of-pearl inlay', True, True, 'تنزيل الصدف في الخشب حبةً حبة للعلب والطاولات والكراسي.', 'Mother-of-pearl set into wood piece by piece for boxes, tables and chairs.'),
    ('copper-engraving', 'copper', 'الحفر على النحاس', 'Copper engraving', True, True, 'نقش الصواني والأباريق النحاسية بالطرق والحفر، وتنزيلها بالفضة.', 'Copper trays and jugs engraved by hammer and chisel, and inlaid with silver.'),
    ('glass-blowing', 'glass', 'الزجاج المنفوخ', 'Glass blowing', True, True, 'زجاج يُنفخ باليد في الأفران بالأزرق والأخضر؛ لم يبق إلا بضعة حرفيين.', 'Glass blown by hand at the furnace in blue and green; only a few craftsmen remain.'),
    ('beadwork', 'jewelry', 'الحلي بالخرز', 'Beadwork', False, False, 'عقود وأساور وأقراط تُنظم من الخرز بنقوش تراثية.', 'Necklaces, bracelets and earrings strung of beads in traditional patterns.'),
    ('silver-jewelry', 'jewelry', 'الحلي الفضية', 'Silver jewellery', True, False, 'حلي فضية مشغولة باليد بالتخريم والنقش.', 'Silver jewellery worked by hand, pierced and engraved.'),
    ('hand-loom', 'weaving', 'النول اليدوي', 'Hand-loom weaving', True, True, 'نسج البسط والأقمشة على النول الخشبي بخيوط الصوف والقطن.', 'Rugs and cloth woven on the wooden loom in wool and cotton.'),
    ('carpets', 'weaving', 'السجاد اليدوي', 'Hand-knotted carpets', True, False, 'سجاد يُعقد عقدةً عقدة بالصوف المصبوغ بألوان طبيعية.', 'Carpets knotted one knot at a time in naturally dyed wool.'),
    ('olive-oil', 'produce', 'زيت الزيتون البلدي', 'Village olive oil', False, False, 'زيت الزيتون من معاصر القرى، يُعبّأ من موسم العائلة.', "Olive oil from the village presses, bottled from the family's harvest."),
    ('leather', 'leather', 'الجلديات اليدوية', 'Handmade leather goods', False, False, 'حقائب ومحافظ وأحزمة تُقص وتُخاط باليد.', 'Bags, wallets and belts cut and stitched by hand.'),
    ('straw-weaving', 'other', 'القش', 'Straw weaving', True, True, 'سلال وأطباق من القش الملون تُجدل باليد، تشتهر بها قرى الساحل وحوران.', 'Baskets and trays braided by hand from dyed straw, in the villages of the coast and Hauran.'),
]


def upgrade():
    op.create_table('crafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=48), nullable=False),
    sa.Column('name_ar', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('heritage', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('endangered', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('description_ar', sa.Text(), server_default='', nullable=False),
    sa.Column('description_en', sa.Text(), server_default='', nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('NOT endangered OR heritage', name=op.f('ck_crafts_endangered_is_heritage')),
    sa.CheckConstraint('length(slug) > 0 AND length(name_ar) > 0 AND length(name_en) > 0', name=op.f('ck_crafts_named')),
    sa.ForeignKeyConstraint(['category_id'], ['craft_categories.id'], name=op.f('fk_crafts_category_id_craft_categories'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crafts')),
    sa.UniqueConstraint('slug', name=op.f('uq_crafts_slug'))
    )
    with op.batch_alter_table('crafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crafts_category_id'), ['category_id'], unique=False)

    op.create_table('craft_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('position >= 0 AND position < 4', name=op.f('ck_craft_photos_at_most_four')),
    sa.CheckConstraint('size_bytes > 0 AND size_bytes <= 8388608', name=op.f('ck_craft_photos_size_bounded')),
    sa.ForeignKeyConstraint(['craft_id'], ['crafts.id'], name=op.f('fk_craft_photos_craft_id_crafts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_craft_photos')),
    sa.UniqueConstraint('craft_id', 'position', name=op.f('uq_craft_photos_craft_id_position')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_craft_photos_stored_name'))
    )
    with op.batch_alter_table('craft_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_craft_photos_craft_id'), ['craft_id'], unique=False)

    op.create_table('family_craft_items',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['craft_id'], ['crafts.id'], name=op.f('fk_family_craft_items_craft_id_crafts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_family_craft_items_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('family_id', 'craft_id', name=op.f('pk_family_craft_items'))
    )
    with op.batch_alter_table('family_craft_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_craft_items_craft_id'), ['craft_id'], unique=False)

    categories = dict(op.get_bind().execute(sa.text('SELECT slug, id FROM craft_categories')).all())
    crafts = sa.table('crafts', sa.column('slug'), sa.column('name_ar'), sa.column('name_en'),
                      sa.column('category_id'), sa.column('heritage', sa.Boolean()),
                      sa.column('endangered', sa.Boolean()), sa.column('description_ar'),
                      sa.column('description_en'), sa.column('position'))
    op.bulk_insert(crafts, [
        {'slug': slug, 'category_id': categories[category], 'name_ar': name_ar, 'name_en': name_en,
          'heritage': heritage, 'endangered': endangered, 'description_ar': description_ar,
          'description_en': description_en, 'position': position}
        for position, (slug, category, name_ar, name_en, heritage, endangered, description_ar, description_en)
        in enumerate(CRAFTS)])


def downgrade():
    with op.batch_alter_table('family_craft_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_craft_items_craft_id'))
    op.drop_table('family_craft_items')
    with op.batch_alter_table('craft_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_craft_photos_craft_id'))
    op.drop_table('craft_photos')
    with op.batch_alter_table('crafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crafts_category_id'))
    op.drop_table('crafts')
