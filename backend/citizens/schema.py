from drf_spectacular.extensions import OpenApiAuthenticationExtension


class CitizenTokenScheme(OpenApiAuthenticationExtension):
    target_class = "citizens.authentication.CitizenTokenAuthentication"
    name = "citizenToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Mã truy cập do POST /api/v1/auth/zalo cấp (hết hạn sau 1 giờ).",
        }


class CitizenClaimsScheme(OpenApiAuthenticationExtension):
    """The same bearer token, checked without reading the citizen row (dossier lookup)."""

    target_class = "citizens.authentication.CitizenClaimsAuthentication"
    name = "citizenAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Cùng mã truy cập như citizenToken (POST /api/v1/auth/zalo).",
        }
