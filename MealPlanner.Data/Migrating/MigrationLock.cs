using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace MealPlanner.Data.Migrating;

/// <summary>
/// A PostgreSQL advisory lock that serialises migration runs against one database. It is the transaction-scoped
/// kind: it goes with the transaction that applies the migrations (commit or rollback), and with the connection
/// if the worker dies, so no crash leaves it stuck. Advisory locks are per database, so scratch databases on the
/// same server do not contend.
/// </summary>
internal static class MigrationLock
{
    /// <summary>An arbitrary constant that every migration worker agrees on ("MPMIGRAT" in ASCII).</summary>
    public const long Key = 0x4D504D4947524154;

    /// <summary>How long a worker waits for another one to finish migrating before it gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>Blocks until the lock is held by the current transaction; returns how long that took.</summary>
    public static async Task<TimeSpan> AcquireAsync(DatabaseFacade database, CancellationToken ct)
    {
        var transaction = database.CurrentTransaction
            ?? throw new InvalidOperationException("The migration lock lives in a transaction; begin one first.");
        var waited = Stopwatch.StartNew();
        await using var command = database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"SELECT pg_advisory_xact_lock({Key})";
        // The default 30 s command timeout would fail a worker that waits behind a long migration.
        command.CommandTimeout = (int)Patience.TotalSeconds;
        await command.ExecuteNonQueryAsync(ct);
        return waited.Elapsed;
    }
}
