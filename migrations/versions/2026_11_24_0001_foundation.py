"""Foundation: provinces, craft categories, accounts, families.

Seeds the 14 governorates and the craft categories: they are reference data every
database needs, so they come with the schema rather than with `flask demo`.

Revision ID: 9ddf80ebec9a
Revises: 
Create Date: 2026-11-24 15:21:13.681700

"""
import sqlalchemy as sa
from alembic import op

# Frozen copies of festival/provinces/data.py and festival/crafts/data.py at this revision.
PROVINCES = [
    ('damascus', 'دمشق', 'Damascus'),
    ('rif-dimashq', 'ريف دمشق', 'Rif Dimashq'),
    ('aleppo', 'حلب', 'Aleppo'),
    ('homs', 'حمص', 'Homs'),
    ('hama', 'حماة', 'Hama'),
    ('latakia', 'اللاذقية', 'Latakia'),
    ('tartus', 'طرطوس', 'Tartus'),
    ('idlib', 'إدلب', 'Idlib'),
    ('raqqa', 'الرقة', 'Raqqa'),
    ('deir-ez-zor', 'دير الزور', 'Deir ez-Zor'),
    ('hasakah', 'الحسكة', 'Hasakah'),
    ('daraa', 'درعا', 'Daraa'),
    ('as-suwayda', 'السويداء', 'As-Suwayda'),
    ('quneitra', 'القنيطرة', 'Quneitra'),
]
CRAFT_CATEGORIES = [
    ('food', 'مونة ومواد غذائية', 'Food and preserves'),
    ('sweets', 'حلويات ومعجنات', 'Sweets and pastries'),
    ('dairy', 'ألبان وأجبان', 'Dairy'),
    ('embroidery', 'نسيج وتطريز', 'Textiles and embroidery'),
    ('knitting', 'صوف وكروشيه', 'Knitting and crochet'),
    ('soap', 'صابون ومستحضرات تجميل', 'Soap and cosmetics'),
    ('pottery', 'فخار وخزف', 'Pottery and ceramics'),
    ('wood', 'منتجات خشبية', 'Wood'),
    ('copper', 'نحاسيات', 'Copper and brass'),
    ('glass', 'زجاج يدوي', 'Glass'),
    ('jewelry', 'حلي وإكسسوارات', 'Jewelry and accessories'),
    ('weaving', 'سجاد وبسط ونول', 'Carpets and weaving'),
    ('produce', 'منتجات زراعية', 'Agricultural produce'),
    ('herbs', 'أعشاب ونباتات طبية', 'Herbs'),
    ('mosaic', 'موزاييك وتطعيم', 'Mosaic and inlay'),
    ('leather', 'منتجات جلدية', 'Leather'),
    ('other', 'أخرى', 'Other'),
]


# revision identifiers, used by Alembic.
revision = '9ddf80ebec9a'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('craft_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=32), nullable=False),
    sa.Column('name_ar', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_craft_categories')),
    sa.UniqueConstraint('slug', name=op.f('uq_craft_categories_slug'))
    )
    op.create_table('provinces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=32), nullable=False),
    sa.Column('name_ar', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provinces')),
    sa.UniqueConstraint('slug', name=op.f('uq_provinces_slug'))
    )
    seed_reference_data()

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('enabled', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('session_version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'organizer', 'gate', 'vendor')", name=op.f('ck_users_role_known')),
    sa.CheckConstraint('session_version >= 1', name=op.f('ck_users_session_version_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('phone', name=op.f('uq_users_phone'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_role'), ['role'], unique=False)

    op.create_table('areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_areas_province_id_provinces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_areas')),
    sa.UniqueConstraint('province_id', 'name_ar', name=op.f('uq_areas_province_id_name_ar'))
    )
    op.create_table('user_provinces',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_user_provinces_province_id_provinces'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_provinces_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'province_id', name=op.f('pk_user_provinces'))
    )
    op.create_table('families',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_families_area_id_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_families_province_id_provinces')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_families_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_families')),
    sa.UniqueConstraint('user_id', name=op.f('uq_families_user_id'))
    )
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_families_province_id'), ['province_id'], unique=False)

    op.create_table('family_crafts',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['craft_id'], ['craft_categories.id'], name=op.f('fk_family_crafts_craft_id_craft_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_family_crafts_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('family_id', 'craft_id', name=op.f('pk_family_crafts'))
    )


def seed_reference_data():
    # Lightweight tables: the data must not change when the models do later.
    provinces = sa.table(
        "provinces", sa.column("slug"), sa.column("name_ar"), sa.column("name_en"), sa.column("position")
    )
    op.bulk_insert(provinces, [
        {"slug": slug, "name_ar": name_ar, "name_en": name_en, "position": position}
        for position, (slug, name_ar, name_en) in enumerate(PROVINCES)
    ])
    crafts = sa.table(
        "craft_categories", sa.column("slug"), sa.column("name_ar"), sa.column("name_en"), sa.column("position")
    )
    op.bulk_insert(crafts, [
        {"slug": slug, "name_ar": name_ar, "name_en": name_en, "position": position}
        for position, (slug, name_ar, name_en) in enumerate(CRAFT_CATEGORIES)
    ])


def downgrade():
    op.drop_table('family_crafts')
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_families_province_id'))

    op.drop_table('families')
    op.drop_table('user_provinces')
    op.drop_table('areas')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_role'))

    op.drop_table('users')
    op.drop_table('provinces')
    op.drop_table('craft_categories')
