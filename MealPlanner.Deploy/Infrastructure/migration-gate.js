// The migration gate: a CloudFormation custom resource (CDK Provider framework) that runs a one-off task to
// completion during the deployment. With a database it first runs the task with "--check" and, when migrations
// are pending on a database that already holds tables (exit 3), takes a manual RDS snapshot and waits for it
// before migrating. onEvent starts; isComplete is polled and rebuilds its progress from AWS on every call (the
// snapshot by its name, the migration task by its startedBy), because nothing persists between polls.
const { ECSClient, RunTaskCommand, DescribeTasksCommand, ListTasksCommand } = require('@aws-sdk/client-ecs');
const { RDSClient, CreateDBSnapshotCommand, DescribeDBSnapshotsCommand } = require('@aws-sdk/client-rds');

const ecs = new ECSClient({});
const rds = new RDSClient({});

const CHECK = { upToDate: 0, pendingOnSchema: 3, pendingOnEmpty: 4 };
const NO_SNAPSHOT = 'none';

// Deterministic per CloudFormation request, so every poll (and a retried poll) names the same things.
const shortId = (event) => event.RequestId.replace(/[^a-zA-Z0-9]/g, '').slice(-12).toLowerCase();
const snapshotName = (event) => `${event.ResourceProperties.SnapshotPrefix}-${shortId(event)}`;
const startedBy = (phase, event) => `${phase}-${shortId(event)}`;

async function runTask(p, phase, event, command) {
  const out = await ecs.send(new RunTaskCommand({
    cluster: p.Cluster, taskDefinition: p.TaskDefinition, launchType: 'FARGATE', count: 1,
    startedBy: startedBy(phase, event),
    networkConfiguration: { awsvpcConfiguration: { subnets: p.Subnets, securityGroups: p.SecurityGroups, assignPublicIp: 'DISABLED' } },
    overrides: command ? { containerOverrides: [{ name: p.Container, command }] } : undefined,
  }));
  if (!out.tasks || out.tasks.length === 0) throw new Error('RunTask started nothing: ' + JSON.stringify(out.failures));
  return out.tasks[0].taskArn;
}

async function describeTask(p, arn) {
  const d = await ecs.send(new DescribeTasksCommand({ cluster: p.Cluster, tasks: [arn] }));
  const task = d.tasks && d.tasks[0];
  if (!task) throw new Error('task disappeared: ' + arn);
  if (task.lastStatus !== 'STOPPED') return { stopped: false };
  const c = (task.containers || []).find((x) => x.name === p.Container);
  return {
    stopped: true,
    exitCode: c ? c.exitCode : undefined,
    reason: `${task.stoppedReason || ''} ${c && c.reason ? c.reason : ''}`.trim(),
  };
}

async function findTask(p, phase, event) {
  for (const desiredStatus of ['RUNNING', 'STOPPED']) {
    const out = await ecs.send(new ListTasksCommand({ cluster: p.Cluster, startedBy: startedBy(phase, event), desiredStatus }));
    if (out.taskArns && out.taskArns.length > 0) return out.taskArns[0];
  }
  return undefined;
}

async function findSnapshot(name) {
  try {
    const out = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: name }));
    return out.DBSnapshots && out.DBSnapshots[0];
  } catch (e) {
    if (e.name === 'DBSnapshotNotFoundFault' || e.name === 'DBSnapshotNotFound') return undefined;
    throw e;
  }
}

// Returns the snapshot's name once it is available, undefined while it is being taken.
async function ensureSnapshot(p, event) {
  const name = snapshotName(event);
  const snapshot = await findSnapshot(name);
  if (!snapshot) {
    await rds.send(new CreateDBSnapshotCommand({
      DBInstanceIdentifier: p.DbInstanceIdentifier,
      DBSnapshotIdentifier: name,
      Tags: [{ Key: 'meal-planner:purpose', Value: 'pre-migration' }, { Key: 'meal-planner:image-tag', Value: String(p.ImageTag || '') }],
    }));
    return undefined;
  }
  if (snapshot.Status === 'available') return name;
  if (snapshot.Status === 'failed' || snapshot.Status === 'deleted') {
    throw new Error(`pre-migration snapshot ${name} is ${snapshot.Status}; nothing was migrated`);
  }
  return undefined;
}

exports.onEvent = async (event) => {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const p = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId || `one-off-${shortId(event)}`;
  if (p.CheckCommand) {
    const checkTask = await runTask(p, 'check', event, [p.CheckCommand]);
    return { PhysicalResourceId: physicalId, Data: { CheckTask: checkTask } };
  }
  const runTaskArn = await runTask(p, 'run', event);
  return { PhysicalResourceId: physicalId, Data: { RunTask: runTaskArn } };
};

exports.isComplete = async (event) => {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const p = event.ResourceProperties;
  let snapshot = NO_SNAPSHOT;

  if (p.CheckCommand) {
    const check = await describeTask(p, event.Data.CheckTask);
    if (!check.stopped) return { IsComplete: false };
    if (check.exitCode === CHECK.pendingOnSchema) {
      const name = await ensureSnapshot(p, event);
      if (!name) return { IsComplete: false };
      snapshot = name;
    } else if (check.exitCode !== CHECK.upToDate && check.exitCode !== CHECK.pendingOnEmpty) {
      throw new Error(`${p.Container} --check failed (exit ${check.exitCode}): ${check.reason}; nothing was migrated; see log group ${p.LogGroup}`);
    }
  }

  const arn = (event.Data && event.Data.RunTask) || await findTask(p, 'run', event);
  if (!arn) {
    // Right after RunTask, ListTasks may not list the task yet; a second start is harmless (the migrator
    // takes an advisory lock and the second run finds nothing to do).
    await runTask(p, 'run', event);
    return { IsComplete: false };
  }
  const run = await describeTask(p, arn);
  if (!run.stopped) return { IsComplete: false };
  if (run.exitCode !== 0) {
    const restore = snapshot === NO_SNAPSHOT ? '' : `; pre-migration snapshot ${snapshot} holds the database as it was before`;
    throw new Error(`${p.Container} failed (exit ${run.exitCode === undefined ? 'none' : run.exitCode}): ${run.reason}${restore}; see log group ${p.LogGroup}`);
  }
  return { IsComplete: true, Data: { PreMigrationSnapshot: snapshot } };
};
