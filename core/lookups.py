"""A database lookup that Django leaves unguarded."""

from django.db.models.lookups import In


class IntegerFieldIn(In):
    """`pk__in=[...]` with a number outside the column's range: that number can match nothing.

    Django guards `exact`, `gt`, `lt`... on integer columns against such values, but not `in`, so
    a form posting `?delegates=99999999999999999999` crashed the database driver (OverflowError on
    SQLite, DataError on PostgreSQL): a 500 instead of "not a valid choice". Out-of-range values
    are dropped; an empty list then matches nothing, as `in` does for `[]`.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
