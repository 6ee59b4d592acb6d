# The platform's two .NET programs from one file:
#   docker build --target api        -t mealplanner-api:local .
#   docker build --target migrations -t mealplanner-migrations:local .
# Both publish in one shared stage (the shared projects compile once), so the second build is all cache.
#
# REGISTRY replaces only the registry host of the .NET images: empty (the default) means the official
# mcr.microsoft.com/dotnet/{sdk,aspnet}:10.0; REGISTRY=localhost/mealplanner means
# localhost/mealplanner/dotnet/{sdk,aspnet}:10.0 (stand-ins with the same paths, for machines that cannot
# reach mcr.microsoft.com). `${VAR:-default}` in FROM works in the classic builder and in BuildKit alike.
# COMMIT_SHA is what GET /version reports (the build context has no .git to read it from).
ARG REGISTRY=

# ---- build: restore (cached on the project files only), then publish both programs ----
FROM ${REGISTRY:-mcr.microsoft.com}/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json pins SDK 10.0.100 with rollForward latestFeature: any 10.0.x SDK image satisfies it.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY MealPlanner.ServiceDefaults/MealPlanner.ServiceDefaults.csproj MealPlanner.ServiceDefaults/
COPY MealPlanner.Data/MealPlanner.Data.csproj MealPlanner.Data/
COPY MealPlanner.Api/MealPlanner.Api.csproj MealPlanner.Api/
COPY MealPlanner.MigrationService/MealPlanner.MigrationService.csproj MealPlanner.MigrationService/
RUN dotnet restore MealPlanner.Api/MealPlanner.Api.csproj \
 && dotnet restore MealPlanner.MigrationService/MealPlanner.MigrationService.csproj

# .editorconfig belongs with the sources: the build enforces code style with warnings as errors.
COPY .editorconfig ./
COPY MealPlanner.ServiceDefaults/ MealPlanner.ServiceDefaults/
COPY MealPlanner.Data/ MealPlanner.Data/
COPY MealPlanner.Api/ MealPlanner.Api/
COPY MealPlanner.MigrationService/ MealPlanner.MigrationService/

# Declared this late so that a new commit invalidates nothing above the publish step.
ARG COMMIT_SHA=
RUN dotnet publish MealPlanner.Api/MealPlanner.Api.csproj -c Release --no-restore -o /app/api \
        -p:UseAppHost=false -p:SourceRevisionId="$COMMIT_SHA" \
 && dotnet publish MealPlanner.MigrationService/MealPlanner.MigrationService.csproj -c Release --no-restore -o /app/migrations \
        -p:UseAppHost=false -p:SourceRevisionId="$COMMIT_SHA"

# ---- dev: the SDK with the source mounted, for docker-compose.watch.yml (dotnet watch) ----
# Kept tiny (no RUN): the classic builder builds every stage before the one targeted.
FROM ${REGISTRY:-mcr.microsoft.com}/dotnet/sdk:10.0 AS dev
WORKDIR /src
# Build output goes to /artifacts instead of the mounted tree's bin/ and obj/, which stay the host's own
# (artifacts mode also keeps any bin/ and obj/ it finds out of the compile items).
ENV UseArtifactsOutput=true \
    ArtifactsPath=/artifacts \
    DOTNET_USE_POLLING_FILE_WATCHER=true \
    DOTNET_WATCH_RESTART_ON_RUDE_EDIT=true \
    ASPNETCORE_HTTP_PORTS=8080
ENTRYPOINT ["dotnet", "watch", "--project", "MealPlanner.Api", "--non-interactive", "--no-launch-profile"]

# ---- migrations: runtime only, migrates and seeds, then exits (no HEALTHCHECK: it runs to completion) ----
FROM ${REGISTRY:-mcr.microsoft.com}/dotnet/aspnet:10.0 AS migrations
WORKDIR /app
COPY --from=build /app/migrations ./
# The image's non-root user (app, UID 1654); files stay root-owned, so the program cannot change itself.
USER $APP_UID
ENTRYPOINT ["dotnet", "MealPlanner.MigrationService.dll"]

# ---- api: runtime only, listens on 8080 (the image's ASPNETCORE_HTTP_PORTS) ----
FROM ${REGISTRY:-mcr.microsoft.com}/dotnet/aspnet:10.0 AS api
WORKDIR /app
COPY --from=build /app/api ./
USER $APP_UID
EXPOSE 8080
# The runtime images carry no curl or wget (removed in .NET 5 to shrink the attack surface), and installing one
# would add a package to every image for the sake of a probe. bash is there: the official 10.0 images are Ubuntu
# 24.04 (Noble), whose base has bash, and so does the Debian stand-in. Its /dev/tcp sends one HTTP request with
# builtins only (no process besides bash). /alive is the liveness check: the process answers, whatever the
# dependencies say (those are /health's business). A chiseled (distroless) base has no bash: change this then.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "port=${ASPNETCORE_HTTP_PORTS:-8080}; exec 3<>/dev/tcp/127.0.0.1/${port%%[;,]*} && printf 'GET /alive HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 2 status <&3 && [[ $status == 'HTTP/1.1 200'* ]]"]
ENTRYPOINT ["dotnet", "MealPlanner.Api.dll"]
