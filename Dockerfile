# Codex: the site and the eight workers, all in one process (Codex__Role=all).
#
#   docker build -t codex .
#   docker run -p 8080:8080 -v codex-data:/data codex
#
# Only the site (8080) is published; the workers listen on localhost inside the container
# (42069, 4001, 4002, 42071-42075) and are reached by the site, not from outside.

# ---- build ----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project and props files alone, so the package layer is reused until a
# package reference changes. Keep this list in step with the Host's project references.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Codex.Contracts/Codex.Contracts.csproj src/Codex.Contracts/
COPY src/Codex.ServiceDefaults/Codex.ServiceDefaults.csproj src/Codex.ServiceDefaults/
COPY src/Codex.Data/Codex.Data.csproj           src/Codex.Data/
COPY src/Codex.Web/Codex.Web.csproj             src/Codex.Web/
COPY src/Codex.Workers/Codex.Workers.csproj     src/Codex.Workers/
COPY src/Codex.Host/Codex.Host.csproj           src/Codex.Host/
RUN dotnet restore src/Codex.Host/Codex.Host.csproj

# Then the sources (see .dockerignore: no bin/, obj/, data/, tests/). The Host project copies the
# root appsettings.json, wwwroot/** and its Demo/media/* into the publish folder.
COPY . .
RUN dotnet publish src/Codex.Host/Codex.Host.csproj -c Release -o /app --no-restore /p:UseAppHost=false

# ---- runtime --------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app

# The SQLite database (with the job store and the mail outbox), media and the dev mail folder live in /data; it must exist and belong
# to the non-root user before the VOLUME is declared, so a fresh named volume inherits the owner.
# (APP_UID=1654, user and group "app", come with the .NET 8+ images.)
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data

# The embedded transcoder (Media-API) runs Debian's ffprobe and ffmpeg (docs/decisions/018).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /app .

# ASPNETCORE_URLS is the site's address; the workers ignore it and stay on localhost. The base image's
# ASPNETCORE_HTTP_PORTS is cleared so that it does not compete with it.
# DOTNET_GCgen0size: a 32 MiB first-generation budget instead of the few MiB the runtime picks on a small VM, where
# collections otherwise take a quarter of the time under load (docs/decisions/015). Only an environment variable sets it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_GCgen0size=0x2000000 \
    ASPNETCORE_ENVIRONMENT=Production \
    Codex__Role=all \
    Codex__DataPath=/data \
    Codex__PublicUrl=http://localhost:8080

EXPOSE 8080
VOLUME /data

USER $APP_UID

# The runtime image has no curl or wget: ask the site's /health over bash's /dev/tcp instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <(head -n1 <&3)"]

ENTRYPOINT ["dotnet", "Codex.Host.dll"]
