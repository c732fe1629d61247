"""REST API v1 (`/api/v1/`): serializers, viewsets, routes, auth, pagination, renderers, errors."""
