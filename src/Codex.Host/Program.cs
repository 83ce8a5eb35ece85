using Codex.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serilog;

// One process, one or all of: the site and the eight workers (Codex__Role: all | site | auth | content-api | ...).
var bootConfig = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

Log.Logger = new LoggerConfiguration()
    .ReadFrom.Configuration(bootConfig)
    .Enrich.FromLogContext()
    .CreateLogger();

try
{
    var roles = CodexSystem.ParseRoles(Codex.ServiceDefaults.CodexOptionsConfigurationExtensions.GetCodexOptions(bootConfig).Role);
    await using var system = await CodexSystem.StartAsync(new SystemOptions { Roles = roles ?? [], Args = args });
    await system.WaitForShutdownAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A setting an operator must fix: one line that says which and how, no stack trace.
    Log.Fatal("Codex cannot start: {Problems}", string.Join(" ", e.Failures));
    return 2;
}
catch (DatabaseUnreachableException e)
{
    Log.Fatal("Codex cannot start: {Problem}", e.Message);
    return 3;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Log.Fatal(e, "Codex failed to start");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
